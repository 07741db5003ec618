/** YooKassa API v3: payments, notification source allow-list and confirmation, the sandbox fake. */
package com.fitplatform.gateway.payments.yookassa;
