/** Idempotency-Key on POST: the first answer is stored and replayed; reuse with another body is refused. */
package com.fitplatform.gateway.common.idempotency;
