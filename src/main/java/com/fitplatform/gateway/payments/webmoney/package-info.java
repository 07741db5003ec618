/** WebMoney Merchant: payment form, pre-request and result notification hashes, the sandbox fake. */
package com.fitplatform.gateway.payments.webmoney;
