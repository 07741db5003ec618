/** Jobs that must run once across all gateway instances. */
package com.fitplatform.gateway.common.scheduling;
