/** Audit of integration calls, and the masking that keeps personal data out of logs and audit rows. */
package com.fitplatform.gateway.common.audit;
