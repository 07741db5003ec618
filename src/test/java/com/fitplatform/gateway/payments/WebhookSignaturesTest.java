package com.fitplatform.gateway.payments;

import static org.assertj.core.api.Assertions.assertThat;

import com.fitplatform.gateway.payments.sberbank.SberbankChecksum;
import com.fitplatform.gateway.payments.stripe.StripeSignature;
import com.fitplatform.gateway.payments.webmoney.WebMoneyHash;
import com.fitplatform.gateway.payments.yookassa.YooKassaWebhook;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The providers' signature schemes against the vectors in providers/README.md, and forgeries. */
class WebhookSignaturesTest {

    private static final String STRIPE_BODY =
            "{\"id\":\"evt_test_1\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\"}";
    private static final String STRIPE_V1 = "871acfe933554b446cc41d791076dd56a10c0553cc61aafbeb881d0082b45043";
    private static final Duration TOLERANCE = Duration.ofSeconds(300);

    @Test
    void shouldMatchTheStripeVectorWhenSignedWithTheWholeSecret() {
        assertThat(StripeSignature.sign("whsec_test_secret", 1700000000L, STRIPE_BODY))
                .isEqualTo(STRIPE_V1);
        assertThat(StripeSignature.refusal(
                        "t=1700000000,v1=" + STRIPE_V1,
                        STRIPE_BODY,
                        "whsec_test_secret",
                        TOLERANCE,
                        Instant.ofEpochSecond(1700000100L)))
                .isNull();
    }

    @Test
    void shouldAcceptAnyOfSeveralV1SignaturesWhenOneMatches() {
        assertThat(StripeSignature.refusal(
                        "t=1700000000,v1=" + "0".repeat(64) + ",v0=abc,v1=" + STRIPE_V1.toUpperCase(),
                        STRIPE_BODY,
                        "whsec_test_secret",
                        TOLERANCE,
                        Instant.ofEpochSecond(1700000000L)))
                .isNull();
    }

    @Test
    void shouldRefuseStripeSignatureWhenStaleForgedOrMalformed() {
        Instant now = Instant.ofEpochSecond(1700000000L + 301);
        assertThat(StripeSignature.refusal(
                        "t=1700000000,v1=" + STRIPE_V1, STRIPE_BODY, "whsec_test_secret", TOLERANCE, now))
                .contains("tolerance");
        Instant fresh = Instant.ofEpochSecond(1700000000L);
        assertThat(StripeSignature.refusal(
                        "t=1700000000,v1=" + STRIPE_V1, STRIPE_BODY + " ", "whsec_test_secret", TOLERANCE, fresh))
                .contains("does not match");
        assertThat(StripeSignature.refusal(
                        "t=1700000000,v1=" + STRIPE_V1, STRIPE_BODY, "test_secret", TOLERANCE, fresh))
                .contains("does not match");
        assertThat(StripeSignature.refusal(
                        "t=1700000001,v1=" + STRIPE_V1, STRIPE_BODY, "whsec_test_secret", TOLERANCE, fresh))
                .isNotNull();
        assertThat(StripeSignature.refusal("v1=" + STRIPE_V1, STRIPE_BODY, "whsec_test_secret", TOLERANCE, fresh))
                .isNotNull();
        assertThat(StripeSignature.refusal("t=abc,v1=x", STRIPE_BODY, "whsec_test_secret", TOLERANCE, fresh))
                .isNotNull();
        assertThat(StripeSignature.refusal(null, STRIPE_BODY, "whsec_test_secret", TOLERANCE, fresh))
                .isNotNull();
    }

    @Test
    void shouldMatchTheSberbankVectorWhenChecksumAndSignAliasAreDropped() {
        Map<String, String> callback = new LinkedHashMap<>();
        callback.put("status", "1");
        callback.put("orderNumber", "ZX-987654321");
        callback.put("mdOrder", "72318777-5zfg-782c-bk02-xxxxxxxx8dx5");
        callback.put("operation", "deposited");
        callback.put("amount", "5");
        callback.put("sign_alias", "SHA-256");
        callback.put("checksum", "cfee6a9a93b5e7de21f866ee0912ab12a62ef0346a4e073314b6fa8b1af24b3a");

        assertThat(SberbankChecksum.signedString(callback))
                .isEqualTo("amount;5;mdOrder;72318777-5zfg-782c-bk02-xxxxxxxx8dx5;operation;deposited;"
                        + "orderNumber;ZX-987654321;status;1;");
        assertThat(SberbankChecksum.compute("B07BAA3F9C809098ACBB462618A93275", callback))
                .isEqualTo("CFEE6A9A93B5E7DE21F866EE0912AB12A62EF0346A4E073314B6FA8B1AF24B3A");
        assertThat(SberbankChecksum.valid("B07BAA3F9C809098ACBB462618A93275", callback))
                .isTrue();

        callback.put("amount", "500");
        assertThat(SberbankChecksum.valid("B07BAA3F9C809098ACBB462618A93275", callback))
                .isFalse();
    }

    @Test
    void shouldMatchTheWebMoneyVectorsWithMd5AndSha256() {
        Map<String, String> form = webMoneyVector();
        String secret = "226778888";

        assertThat(WebMoneyHash.hash("md5", form, secret)).isEqualTo("1D3FFAFA982B134479C4AD1AE2CABB5C");
        assertThat(WebMoneyHash.hash("sha256", form, secret))
                .isEqualTo("0B12E75431284D6FCC05D8AF02B90AC28A0788FB95C9FF6B655344022F0746E5");

        form.put("LMI_HASH", "1d3ffafa982b134479c4ad1ae2cabb5c");
        assertThat(WebMoneyHash.valid("md5", form, secret)).isTrue();
        form.put("LMI_HASH2", WebMoneyHash.hash2(form, secret));
        assertThat(WebMoneyHash.valid("md5", form, secret)).isTrue();
        form.put("LMI_HASH2", "00");
        assertThat(WebMoneyHash.valid("md5", form, secret)).isFalse();
    }

    @Test
    void shouldRefuseTheWebMoneyHashWhenTheAmountWasChanged() {
        Map<String, String> form = webMoneyVector();
        form.put("LMI_HASH", "0B12E75431284D6FCC05D8AF02B90AC28A0788FB95C9FF6B655344022F0746E5");
        assertThat(WebMoneyHash.valid("sha256", form, "226778888")).isTrue();

        form.put("LMI_PAYMENT_AMOUNT", "1.00");
        assertThat(WebMoneyHash.valid("sha256", form, "226778888")).isFalse();
        assertThat(WebMoneyHash.valid("sha256", webMoneyVector(), "226778888")).isFalse();
    }

    @Test
    void shouldAllowOnlyConfiguredSourceRangesForYooKassa() {
        List<String> ranges = List.of("185.71.76.0/27", "77.75.156.11/32", "2a02:5180::/32");

        assertThat(YooKassaWebhook.allowed("185.71.76.31", ranges)).isTrue();
        assertThat(YooKassaWebhook.allowed("185.71.76.32", ranges)).isFalse();
        assertThat(YooKassaWebhook.allowed("77.75.156.11", ranges)).isTrue();
        assertThat(YooKassaWebhook.allowed("2a02:5180:0:1::5", ranges)).isTrue();
        assertThat(YooKassaWebhook.allowed("10.0.0.1", ranges)).isFalse();
        assertThat(YooKassaWebhook.allowed(null, ranges)).isFalse();
        assertThat(YooKassaWebhook.allowed("not an address", ranges)).isFalse();
    }

    private static Map<String, String> webMoneyVector() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("LMI_PAYEE_PURSE", "Z123428476799");
        form.put("LMI_PAYMENT_AMOUNT", "14.65");
        form.put("LMI_PAYMENT_NO", "1444212666");
        form.put("LMI_MODE", "1");
        form.put("LMI_SYS_INVS_NO", "897");
        form.put("LMI_SYS_TRANS_NO", "892");
        form.put("LMI_SYS_TRANS_DATE", "20151007 13:07:36");
        form.put("LMI_PAYER_PURSE", "Z366393600555");
        form.put("LMI_PAYER_WM", "404521188333");
        return form;
    }
}
