/** What Spring MVC does, and does not do, on every request into the gateway. */
package com.fitplatform.gateway.common.web;
