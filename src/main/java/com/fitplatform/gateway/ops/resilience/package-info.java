/** The resilience policy made visible to ops: every named service's timeout, retries and breaker; breaker reset. */
package com.fitplatform.gateway.ops.resilience;
