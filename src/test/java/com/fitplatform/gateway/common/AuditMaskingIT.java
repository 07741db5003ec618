package com.fitplatform.gateway.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fitplatform.gateway.common.audit.IntegrationAudit;
import com.fitplatform.gateway.common.resilience.ResilientCalls;
import com.fitplatform.gateway.support.GatewayClient.Response;
import com.fitplatform.gateway.support.GatewayIntegrationTest;
import com.fitplatform.gateway.support.Tokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/** Integration calls are audited, and no card number, email or token reaches a log line or a row. */
@ExtendWith(OutputCaptureExtension.class)
class AuditMaskingIT extends GatewayIntegrationTest {

    private static final String CARD = "4111111111111111";
    private static final String SPACED_CARD = "4111 1111 1111 1111";
    private static final String EMAIL = "jane.doe@example.com";
    private static final String TOKEN = "sk_test_51HvXabcdefGHIJKLmnop";
    private static final String BEARER = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqYW5lIn0.c2lnbmF0dXJl";

    @Autowired
    Tokens tokens;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ResilientCalls calls;

    @Autowired
    IntegrationAudit audit;

    @Test
    void shouldAuditCallsWithoutPersonalDataInTheTableOrTheLog(CapturedOutput output) {
        String requestId = "audit-" + System.nanoTime();

        // Inbound: personal data in the path and a refused request whose detail quotes it.
        Response inbound = gateway()
                .get("/api/probes/" + EMAIL)
                .bearer(tokens.service("tests"))
                .header("X-Request-Id", requestId)
                .send();
        // Outbound: a provider failure whose message carries all of it.
        assertThatThrownBy(() -> calls.call(ResilientCalls.Call.unrepeatable("stripe", "create-payment-intent"), () -> {
                    throw new IllegalStateException("card " + CARD + " (" + SPACED_CARD + ") of " + EMAIL
                            + " refused; key " + TOKEN + "; Authorization: Bearer " + BEARER);
                }))
                .isInstanceOf(IllegalStateException.class);
        audit.flush();

        assertThat(inbound.status()).isEqualTo(404);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> count("select count(*) from integration_audit where request_id = ?", requestId) == 1);
        List<Map<String, Object>> rows = jdbc.queryForList("select * from integration_audit");
        assertThat(rows).anySatisfy(row -> {
            assertThat(row.get("service")).isEqualTo("api.probes");
            assertThat(row.get("direction")).isEqualTo("INBOUND");
            assertThat(row.get("status")).isEqualTo("404");
            assertThat(row.get("request_id")).isEqualTo(requestId);
            assertThat(row.get("operation")).isEqualTo("GET /api/probes/***");
        });
        assertThat(rows).anySatisfy(row -> {
            assertThat(row.get("service")).isEqualTo("stripe");
            assertThat(row.get("direction")).isEqualTo("OUTBOUND");
            assertThat(row.get("error_class")).isEqualTo("IllegalStateException");
            assertThat((String) row.get("detail")).contains("card ***").contains("refused");
        });
        String everything = rows.toString() + "\n" + output.getAll();
        for (String secret : List.of(CARD, SPACED_CARD, EMAIL, TOKEN, BEARER)) {
            assertThat(everything).as("nothing may contain " + secret).doesNotContain(secret);
        }
    }

    private long count(String sql, Object... arguments) {
        return jdbc.queryForObject(sql, Long.class, arguments);
    }
}
