/** Every error leaves the gateway as RFC 9457 {@code application/problem+json} with a stable type. */
package com.fitplatform.gateway.common.errors;
