/** The email service: retry notifications, idempotent, and its sandbox fake. */
package com.fitplatform.gateway.payments.email;
