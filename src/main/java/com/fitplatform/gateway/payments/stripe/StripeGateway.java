package com.fitplatform.gateway.payments.stripe;

import com.fitplatform.gateway.common.resilience.ResiliencePolicies;
import com.fitplatform.gateway.payments.GatewayDeclined;
import com.fitplatform.gateway.payments.PaymentGateway;
import com.fitplatform.gateway.payments.PaymentsProperties;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCreateParams;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Stripe PaymentIntents through stripe-java. A client instance with its own API base (not the
 * global {@code Stripe.overrideApiBase}), no network retries of its own (ResilientCalls retries),
 * the attempt's idempotency key on every create.
 */
@Component
public class StripeGateway implements PaymentGateway {

    private final StripeClient client;

    public StripeGateway(PaymentsProperties properties, ResiliencePolicies policies) {
        int timeout = (int) policies.policy("stripe").timeout().toMillis();
        this.client = StripeClient.builder()
                .setApiKey(properties.gateways().stripe().apiKey())
                .setApiBase(properties.gateways().stripe().baseUrl())
                .setMaxNetworkRetries(0)
                .setConnectTimeout(Math.min(timeout, 10_000))
                .setReadTimeout(timeout)
                .build();
    }

    @Override
    public String name() {
        return "stripe";
    }

    @Override
    public Created create(AttemptRequest attempt) throws Exception {
        PaymentIntentCreateParams params = PaymentIntentCreateParams.builder()
                .setAmount(attempt.amountMinor())
                .setCurrency(attempt.currency().toLowerCase(Locale.ROOT))
                .setDescription("Subscription " + attempt.plan())
                .putMetadata("attempt_id", attempt.attemptId())
                .putMetadata("subscription_id", attempt.subscriptionId())
                .putMetadata("plan", attempt.plan())
                .build();
        RequestOptions options = RequestOptions.builder()
                .setIdempotencyKey(attempt.idempotencyKey())
                .build();
        try {
            PaymentIntent intent = client.v1().paymentIntents().create(params, options);
            Map<String, Object> action = new LinkedHashMap<>();
            action.put("type", "stripe_client_secret");
            action.put("paymentIntentId", intent.getId());
            action.put("clientSecret", intent.getClientSecret());
            return new Created(intent.getId(), action);
        } catch (StripeException e) {
            throw answered(e);
        }
    }

    @Override
    public ProviderPayment status(AttemptRequest attempt) throws Exception {
        try {
            PaymentIntent intent = client.v1().paymentIntents().retrieve(attempt.providerRef());
            Outcome outcome =
                    switch (intent.getStatus()) {
                        case "succeeded" -> Outcome.SUCCEEDED;
                        case "canceled" -> Outcome.DECLINED;
                        case "requires_payment_method" -> intent.getLastPaymentError() != null
                                ? Outcome.DECLINED
                                : Outcome.PENDING;
                        default -> Outcome.PENDING;
                    };
            return new ProviderPayment(
                    intent.getId(),
                    outcome,
                    intent.getAmount(),
                    intent.getCurrency().toUpperCase(Locale.ROOT),
                    intent.getStatus());
        } catch (StripeException e) {
            throw answered(e);
        }
    }

    /** 4xx other than 429 is Stripe's answer (a decline, a bad request); the rest is an outage. */
    private static Exception answered(StripeException e) {
        Integer status = e.getStatusCode();
        if (status != null && status >= 400 && status < 500 && status != 429) {
            String code = e.getStripeError() != null && e.getStripeError().getCode() != null
                    ? e.getStripeError().getCode()
                    : "http_" + status;
            return new GatewayDeclined(code, "Stripe answered " + status + ": " + code);
        }
        return e;
    }
}
