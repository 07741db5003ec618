/** Sberbank acquiring (RBS): register.do, order status, callback checksum, the sandbox fake. */
package com.fitplatform.gateway.payments.sberbank;
