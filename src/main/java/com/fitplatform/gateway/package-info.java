/** The integration gateway: Camel routes in {@code routes/} wire the beans of these packages. */
package com.fitplatform.gateway;
