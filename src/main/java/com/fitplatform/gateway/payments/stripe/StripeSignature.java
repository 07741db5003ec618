package com.fitplatform.gateway.payments.stripe;

import com.fitplatform.gateway.payments.WebhookSignatures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code Stripe-Signature} scheme: {@code t=<unix seconds>,v1=<hex>[,v1=...]}, v1 is the
 * lowercase hex HMAC-SHA256 of {@code "<t>.<raw body>"} keyed with the whole {@code whsec_...}
 * secret; any v1 may match; timestamps older than the tolerance are refused (replays).
 */
public final class StripeSignature {

    private StripeSignature() {}

    /** Why a signature was refused; null when it is valid. */
    public static String refusal(String header, String payload, String secret, Duration tolerance, Instant now) {
        if (header == null || header.isBlank()) {
            return "missing Stripe-Signature";
        }
        Long timestamp = null;
        List<String> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length != 2) {
                continue;
            }
            if (pair[0].equals("t")) {
                try {
                    timestamp = Long.parseLong(pair[1]);
                } catch (NumberFormatException e) {
                    return "malformed timestamp";
                }
            } else if (pair[0].equals("v1")) {
                signatures.add(pair[1]);
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            return "no timestamp or no v1 signature";
        }
        String expected = sign(secret, timestamp, payload);
        boolean matched = false;
        for (String signature : signatures) {
            matched |= WebhookSignatures.sameHex(expected, signature);
        }
        if (!matched) {
            return "signature does not match";
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            return "timestamp outside the tolerance";
        }
        return null;
    }

    public static String sign(String secret, long timestamp, String payload) {
        return WebhookSignatures.hex(WebhookSignatures.hmacSha256(secret, timestamp + "." + payload));
    }

    public static String header(String secret, long timestamp, String payload) {
        return "t=" + timestamp + ",v1=" + sign(secret, timestamp, payload);
    }
}
