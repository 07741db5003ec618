package com.fitplatform.gateway.payments.sberbank;

import com.fitplatform.gateway.payments.WebhookSignatures;
import java.util.Map;
import java.util.TreeMap;

/**
 * The callback checksum: drop {@code checksum} and {@code sign_alias}, sort the other names
 * ascending, concatenate {@code name;value;} for each, HMAC-SHA256 with the callback token,
 * uppercase hex; compared case-insensitively in constant time.
 */
public final class SberbankChecksum {

    private SberbankChecksum() {}

    public static String signedString(Map<String, String> parameters) {
        StringBuilder signed = new StringBuilder();
        new TreeMap<>(parameters).forEach((name, value) -> {
            if (!name.equals("checksum") && !name.equals("sign_alias")) {
                signed.append(name).append(';').append(value).append(';');
            }
        });
        return signed.toString();
    }

    public static String compute(String token, Map<String, String> parameters) {
        return WebhookSignatures.hex(WebhookSignatures.hmacSha256(token, signedString(parameters)))
                .toUpperCase();
    }

    public static boolean valid(String token, Map<String, String> parameters) {
        return WebhookSignatures.sameHex(compute(token, parameters), parameters.get("checksum"));
    }
}
