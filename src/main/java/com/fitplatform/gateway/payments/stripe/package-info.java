/** Stripe: PaymentIntents through stripe-java, the Stripe-Signature check, the sandbox fake. */
package com.fitplatform.gateway.payments.stripe;
