package com.fitplatform.gateway.payments;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Payments configuration ({@code gateway.payments.*} in config/payments.yaml).
 *
 * @param routes the region routing table, first match wins
 * @param maxAttempts declined attempts before a subscription fails
 * @param retryBackoff wait before attempt 2, 3...; the last value repeats
 * @param reconcileAfter how long an attempt may wait for a webhook before its status is queried
 * @param reconcileMax status queries per attempt
 */
@ConfigurationProperties("gateway.payments")
public record PaymentsProperties(
        @DefaultValue List<Route> routes,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue({"1h", "6h", "24h"}) List<Duration> retryBackoff,
        @DefaultValue("15m") Duration reconcileAfter,
        @DefaultValue("8") int reconcileMax,
        @DefaultValue("http://127.0.0.1:8080") String webhookBaseUrl,
        @DefaultValue("https://app.fitplatform.dev/payments/return") String returnUrl,
        @DefaultValue Gateways gateways,
        @DefaultValue Email email) {

    /** One row of the routing table. */
    public record Route(String name, List<String> regions, List<String> chain, List<String> preferenceAllowed) {
        public Route {
            regions = regions == null ? List.of() : List.copyOf(regions);
            chain = chain == null ? List.of() : List.copyOf(chain);
            preferenceAllowed = preferenceAllowed == null ? List.of() : List.copyOf(preferenceAllowed);
        }
    }

    public record Gateways(
            @DefaultValue Stripe stripe,
            @DefaultValue YooKassa yookassa,
            @DefaultValue Sberbank sberbank,
            @DefaultValue WebMoney webmoney) {

        public boolean enabled(String gateway) {
            return switch (gateway) {
                case "stripe" -> stripe.enabled();
                case "yookassa" -> yookassa.enabled();
                case "sberbank" -> sberbank.enabled();
                case "webmoney" -> webmoney.enabled();
                default -> false;
            };
        }
    }

    public record Stripe(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("http://127.0.0.1:8080/sandbox/stripe") String baseUrl,
            @DefaultValue("sk_test_sandbox") String apiKey,
            @DefaultValue("whsec_sandbox_secret") String webhookSecret,
            @DefaultValue("300s") Duration webhookTolerance) {}

    public record YooKassa(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("http://127.0.0.1:8080/sandbox/yookassa/v3") String baseUrl,
            @DefaultValue("100500") String shopId,
            @DefaultValue("test_sandbox_secret") String secretKey,
            @DefaultValue({"127.0.0.1/32", "::1/128"}) List<String> webhookSources) {}

    public record Sberbank(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("http://127.0.0.1:8080/sandbox/sberbank/payment/rest") String baseUrl,
            @DefaultValue("sandbox-api") String userName,
            @DefaultValue("sandbox-password") String password,
            @DefaultValue("B07BAA3F9C809098ACBB462618A93275") String callbackToken) {}

    public record WebMoney(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("http://127.0.0.1:8080/sandbox/webmoney/lmi/payment_utf.asp") String formUrl,
            @DefaultValue("P123456789012") String purse,
            @DefaultValue("sandbox_secret_key") String secretKey,
            @DefaultValue("sha256") String hashMethod,
            @DefaultValue("0") String simMode,
            @DefaultValue("000000000000") String wmid,
            @DefaultValue("http://127.0.0.1:8080/sandbox/webmoney/conf/xml/XMLTransGet.asp") String statusUrl) {}

    public record Email(
            @DefaultValue("http://127.0.0.1:8080/sandbox/email") String baseUrl,
            @DefaultValue("email_test_key") String apiKey) {}

    /** Back-off before the attempt after {@code declines} declined ones. */
    public Duration backoffAfter(int declines) {
        if (retryBackoff.isEmpty()) {
            return Duration.ZERO;
        }
        return retryBackoff.get(Math.min(Math.max(declines - 1, 0), retryBackoff.size() - 1));
    }
}
