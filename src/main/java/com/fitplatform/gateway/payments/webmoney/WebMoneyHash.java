package com.fitplatform.gateway.payments.webmoney;

import com.fitplatform.gateway.payments.WebhookSignatures;
import java.util.List;
import java.util.Map;

/**
 * LMI_HASH: uppercase hex of MD5 or SHA-256 over PAYEE_PURSE, PAYMENT_AMOUNT, PAYMENT_NO, MODE,
 * SYS_INVS_NO, SYS_TRANS_NO, SYS_TRANS_DATE, SECRET_KEY, PAYER_PURSE, PAYER_WM with no separator;
 * LMI_HASH2: uppercase hex SHA-256 of the same ten values joined with ";".
 */
public final class WebMoneyHash {

    private WebMoneyHash() {}

    static List<String> values(Map<String, String> form, String secretKey) {
        return List.of(
                form.getOrDefault("LMI_PAYEE_PURSE", ""),
                form.getOrDefault("LMI_PAYMENT_AMOUNT", ""),
                form.getOrDefault("LMI_PAYMENT_NO", ""),
                form.getOrDefault("LMI_MODE", ""),
                form.getOrDefault("LMI_SYS_INVS_NO", ""),
                form.getOrDefault("LMI_SYS_TRANS_NO", ""),
                form.getOrDefault("LMI_SYS_TRANS_DATE", ""),
                secretKey,
                form.getOrDefault("LMI_PAYER_PURSE", ""),
                form.getOrDefault("LMI_PAYER_WM", ""));
    }

    public static String hash(String method, Map<String, String> form, String secretKey) {
        String algorithm = method.equalsIgnoreCase("md5") ? "MD5" : "SHA-256";
        return WebhookSignatures.hex(WebhookSignatures.digest(algorithm, String.join("", values(form, secretKey))))
                .toUpperCase();
    }

    public static String hash2(Map<String, String> form, String secretKey) {
        return WebhookSignatures.hex(WebhookSignatures.digest("SHA-256", String.join(";", values(form, secretKey))))
                .toUpperCase();
    }

    /** LMI_HASH must match; LMI_HASH2, when sent, too. */
    public static boolean valid(String method, Map<String, String> form, String secretKey) {
        if (!WebhookSignatures.sameHex(hash(method, form, secretKey), form.get("LMI_HASH"))) {
            return false;
        }
        String hash2 = form.get("LMI_HASH2");
        return hash2 == null || WebhookSignatures.sameHex(hash2(form, secretKey), hash2);
    }
}
