package com.fitplatform.gateway.common.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PiiMaskerTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "4111111111111111",
                "4111 1111 1111 1111",
                "4111-1111-1111-1111",
                "5555555555554444",
                "378282246310005",
                "6011111111111117",
                "4000056655665556"
            })
    void shouldMaskCardNumbersThatPassLuhn(String card) {
        assertThat(PiiMasker.mask("paid with " + card + " today")).isEqualTo("paid with *** today");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111111111111112", "1700000000123", "20240301120001"})
    void shouldLeaveDigitRunsThatAreNotCardNumbers(String digits) {
        assertThat(PiiMasker.mask("id " + digits)).isEqualTo("id " + digits);
    }

    @Test
    void shouldMaskEmailsPhonesAndTokens() {
        String masked = PiiMasker.mask("user jane.doe+fit@example.co.uk phone +7 (912) 345-67-89 sent"
                + " Authorization: Bearer abc.def-ghi and key sk_live_51Habcdefghijkl and jwt"
                + " eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.sig_nature-x");

        assertThat(masked)
                .doesNotContain("jane.doe")
                .doesNotContain("912")
                .doesNotContain("abc.def-ghi")
                .doesNotContain("sk_live")
                .doesNotContain("eyJ")
                .contains("user *** phone *** sent");
    }

    @Test
    void shouldMaskKnownPersonalAndSecretFieldsInJsonAndForms() {
        String json = "{\"first_name\":\"Jane\",\"lastName\": \"Doe\",\"refresh_token\":\"r1\",\"password\":\"p\","
                + "\"client_secret\":\"s\",\"default_phone\":{\"number\":\"x\"},\"plan\":\"gold\",\"amount\":100}";
        String form = "code=abc&client_secret=s3cr3t&email=a%40b.c&grant_type=authorization_code";

        assertThat(PiiMasker.mask(json))
                .doesNotContain("Jane")
                .doesNotContain("Doe")
                .doesNotContain("r1")
                .doesNotContain("s3cr3t")
                .contains("\"plan\":\"gold\"")
                .contains("\"amount\":100");
        assertThat(PiiMasker.mask(form))
                .isEqualTo("code=abc&client_secret=***&email=***&grant_type=authorization_code");
    }

    @Test
    void shouldLeaveOrdinaryTextAlone() {
        String text = "Route payment-request-in took 42 ms for request 3f1c-77 at 2026-12-03T10:00:00Z";

        assertThat(PiiMasker.mask(text)).isEqualTo(text);
        assertThat(PiiMasker.mask(null)).isNull();
    }

    @Test
    void shouldMaskEveryLogLineButOnesMarkedAsBuiltFromMaskedValues() {
        LoggerContext context = new LoggerContext();
        String line = "card 4111 1111 1111 1111 for jane@example.com";
        LoggingEvent plain = new LoggingEvent("x", context.getLogger("gateway"), Level.INFO, line, null, null);
        LoggingEvent marked = new LoggingEvent("x", context.getLogger("gateway.audit"), Level.INFO, line, null, null);
        marked.addMarker(PiiMasker.MASKED);

        assertThat(new MaskedMessageConverter().convert(plain))
                .doesNotContain("4111 1111 1111 1111")
                .doesNotContain("jane@example.com");
        assertThat(new MaskedMessageConverter().convert(marked)).isEqualTo(line);
    }
}
