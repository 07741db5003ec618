package com.fitplatform.gateway.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fitplatform.gateway.common.resilience.ResiliencePolicies;
import com.fitplatform.gateway.common.resilience.ServiceAnswered;
import com.fitplatform.gateway.payments.sberbank.SberbankChecksum;
import com.fitplatform.gateway.payments.stripe.StripeSignature;
import com.fitplatform.gateway.payments.webmoney.WebMoneyHash;
import com.fitplatform.gateway.support.GatewayClient.Response;
import com.fitplatform.gateway.support.GatewayIntegrationTest;
import com.fitplatform.gateway.support.Tokens;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The payment saga end to end: HTTP in, the sandbox gateways, signed webhooks, queues, PostgreSQL, outbox. */
class PaymentsIT extends GatewayIntegrationTest {

    @Autowired
    Tokens tokens;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PaymentsProperties properties;

    @Autowired
    ResiliencePolicies policies;

    @Autowired
    CamelContext camel;

    @Autowired
    EmbeddedActiveMQ broker;

    @Autowired
    PaymentPersonalData personalData;

    @Autowired
    org.springframework.jms.core.JmsTemplate jms;

    @Autowired
    ProviderEndpoints providers;

    @AfterEach
    void healTheSandbox() {
        for (String fake : List.of("stripe", "yookassa", "sberbank", "webmoney", "email")) {
            gateway().request("DELETE", "/sandbox/_faults/" + fake, null).send();
        }
        policies.registry().getAllCircuitBreakers().forEach(CircuitBreaker::reset);
    }

    @Test
    void shouldActivateSubscriptionWhenStripePaymentSucceeds() {
        JsonNode accepted = subscribe("US", "USD", null).json();
        assertThat(accepted.path("gateway").asText()).isEqualTo("stripe");
        assertThat(accepted.path("clientAction").path("clientSecret").asText()).contains("_secret_");
        String intent = accepted.path("clientAction").path("paymentIntentId").asText();

        Response simulated = sandbox("/sandbox/stripe/_simulate/" + intent + "?outcome=succeeded");

        assertThat(simulated.json().path("gatewayStatus").asInt()).isEqualTo(200);
        assertActivatedOnce(accepted);
    }

    @Test
    void shouldActivateSubscriptionWhenYooKassaPaymentSucceeds() {
        JsonNode accepted = subscribe("RU", "RUB", null).json();
        assertThat(accepted.path("gateway").asText()).isEqualTo("yookassa");
        assertThat(accepted.path("clientAction").path("confirmationUrl").asText())
                .startsWith("https://");
        String payment = providerRef(accepted);

        Response simulated = sandbox("/sandbox/yookassa/_simulate/" + payment + "?outcome=succeeded");

        assertThat(simulated.json().path("gatewayStatus").asInt()).isEqualTo(200);
        assertActivatedOnce(accepted);
    }

    @Test
    void shouldActivateSubscriptionWhenSberbankPaymentSucceeds() {
        JsonNode accepted = subscribe("RU", "RUB", "sberbank").json();
        assertThat(accepted.path("gateway").asText()).isEqualTo("sberbank");
        assertThat(accepted.path("clientAction").path("formUrl").asText()).contains("mdOrder=");

        Response simulated = sandbox("/sandbox/sberbank/_simulate/" + providerRef(accepted) + "?outcome=succeeded");

        assertThat(simulated.json().path("gatewayStatus").asInt()).isEqualTo(200);
        assertActivatedOnce(accepted);
    }

    @Test
    void shouldActivateSubscriptionWhenWebMoneyPaymentSucceeds() {
        JsonNode accepted = subscribe("RU", "RUB", "webmoney").json();
        JsonNode action = accepted.path("clientAction");
        assertThat(action.path("fields").path("LMI_PAYMENT_AMOUNT").asText()).isEqualTo("990.00");
        String paymentNo = action.path("fields").path("LMI_PAYMENT_NO").asText();
        Response form = gateway()
                .request("POST", "/sandbox/webmoney/lmi/payment_utf.asp", form(action.path("fields")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .send();
        assertThat(form.status()).as(form.toString()).isEqualTo(200);

        Response simulated = sandbox("/sandbox/webmoney/_simulate/" + paymentNo + "?outcome=succeeded");

        assertThat(simulated.json().path("prerequest").asText()).isEqualTo("YES");
        assertThat(simulated.json().path("gatewayStatus").asInt()).isEqualTo(200);
        assertActivatedOnce(accepted);
    }

    @Test
    void shouldFallOverToWebMoneyWhenYooKassaAndThenSberbankAreDown() {
        fault("yookassa", "{\"mode\":\"down\"}");
        fault("sberbank", "{\"mode\":\"fail\",\"status\":502}");

        JsonNode accepted = subscribe("RU", "RUB", null).json();

        assertThat(accepted.path("gateway").asText()).isEqualTo("webmoney");
        JsonNode subscription =
                get("/api/subscriptions/" + accepted.path("subscriptionId").asText());
        assertThat(subscription.path("attempts").findValuesAsText("gateway"))
                .containsExactly("yookassa", "sberbank", "webmoney");
        assertThat(subscription.path("attempts").findValuesAsText("state"))
                .containsExactly("failed", "failed", "pending");
    }

    @Test
    void shouldAnswer503AndStayRetryableWhenEveryGatewayOfTheChainIsDown() {
        fault("stripe", "{\"mode\":\"down\"}");
        String key = UUID.randomUUID().toString();
        String body = body("DE", "EUR", null);

        Response refused = post(body, key);

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.contentType()).contains("application/problem+json");
        String subscriptionId = refused.json().path("subscriptionId").asText();
        assertThat(get("/api/subscriptions/" + subscriptionId).path("state").asText())
                .isEqualTo("pending");

        healTheSandbox();
        Response retried = post(body, key);

        assertThat(retried.status()).as(retried.toString()).isEqualTo(202);
        assertThat(retried.json().path("subscriptionId").asText()).isEqualTo(subscriptionId);
        assertThat(retried.json().path("paymentState").asText()).isEqualTo("pending");
    }

    @Test
    void shouldRetryWithBackOffAndFailAfterThreeDeclines() {
        JsonNode accepted = subscribe("US", "USD", null).json();

        declineEachAttempt(accepted, "stripe", ref -> "/sandbox/stripe/_simulate/" + ref + "?outcome=declined");

        assertFailedAfterThreeDeclines(accepted);
        // The back-off came from the broker: each new attempt waited at least the configured delay.
        assertThat(jdbc.queryForObject(
                        "select min(extract(epoch from (n.created_at - d.occurred_at)) * 1000) from payment_attempt n"
                                + " join payment_history d on d.attempt_id = n.retry_of and d.event = 'retry-scheduled'"
                                + " where n.subscription_id = ?::uuid",
                        Double.class,
                        accepted.path("subscriptionId").asText()))
                .isGreaterThanOrEqualTo(150.0);
    }

    @Test
    void shouldRetryAndFailAfterThreeYooKassaCancellations() {
        JsonNode accepted = subscribe("RU", "RUB", null).json();

        declineEachAttempt(accepted, "yookassa", ref -> "/sandbox/yookassa/_simulate/" + ref + "?outcome=canceled");

        assertFailedAfterThreeDeclines(accepted);
    }

    @Test
    void shouldRetryAndFailAfterThreeSberbankDeclines() {
        JsonNode accepted = subscribe("RU", "RUB", "sberbank").json();

        declineEachAttempt(accepted, "sberbank", ref -> "/sandbox/sberbank/_simulate/" + ref + "?outcome=declined");

        assertFailedAfterThreeDeclines(accepted);
    }

    @Test
    void shouldActivateByStatusQueryWhenTheWebhookNeverArrives() {
        JsonNode accepted = subscribe("US", "USD", null).json();
        sandbox("/sandbox/stripe/_simulate/" + providerRef(accepted) + "?outcome=succeeded&notify=false");

        // The reconcile timer is an hour in the test profile: deliver it now, as the broker would then.
        jms.convertAndSend(
                "payments.reconcile",
                "{\"attemptId\":\"" + accepted.path("paymentId").asText() + "\"}");

        assertActivatedOnce(accepted);
        assertThat(get("/api/payments/" + accepted.path("paymentId").asText())
                        .path("history")
                        .findValuesAsText("detail"))
                .anySatisfy(detail -> assertThat(detail).contains("status query"));
    }

    @Test
    void shouldApplyAStripeEventOnceWhenDeliveredFiveTimesOutOfOrder() {
        JsonNode accepted = subscribe("US", "USD", null).json();
        String intent = providerRef(accepted);
        String succeeded = event("evt_ok_" + UUID.randomUUID(), "payment_intent.succeeded", intent, 999, "usd");
        String failed = event("evt_ko_" + UUID.randomUUID(), "payment_intent.payment_failed", intent, 999, "usd");
        String succeededAgain = event("evt_ok2_" + UUID.randomUUID(), "payment_intent.succeeded", intent, 999, "usd");

        List<Integer> statuses = List.of(succeeded, failed, succeeded, succeededAgain, succeeded).stream()
                .map(body -> stripeWebhook(body, signature(body, now())).status())
                .toList();

        assertThat(statuses).containsOnly(200);
        assertActivatedOnce(accepted);
        await().pollDelay(Duration.ofMillis(500)).until(() -> true);
        assertThat(get("/api/payments/" + accepted.path("paymentId").asText())
                        .path("state")
                        .asText())
                .isEqualTo("completed");
        assertThat(jdbc.queryForObject(
                        "select count(*) from payment_webhook where attempt_id = ?::uuid",
                        Long.class,
                        accepted.path("paymentId").asText()))
                .isEqualTo(3);
    }

    @Test
    void shouldApplyASberbankCallbackOnceWhenReplayedAndIgnoreAFailureAfterIt() {
        JsonNode accepted = subscribe("RU", "RUB", "sberbank").json();
        String orderId = providerRef(accepted);
        String deposited = sberbankCallback(orderId, orderNo(accepted), "deposited", "1", 99000);
        String declined = sberbankCallback(orderId, orderNo(accepted), "approved", "0", 99000);

        List<Integer> first = List.of(deposited, deposited, deposited).stream()
                .map(query ->
                        gateway().get("/webhooks/sberbank?" + query).send().status())
                .toList();
        assertActivatedOnce(accepted);
        List<Integer> after = List.of(declined, deposited, declined, deposited).stream()
                .map(query ->
                        gateway().get("/webhooks/sberbank?" + query).send().status())
                .toList();

        assertThat(first).containsOnly(200);
        assertThat(after).containsOnly(200);
        assertStillActiveWithoutSecondTransition(accepted);
        assertThat(webhooks(accepted)).isEqualTo(2);
    }

    @Test
    void shouldIgnoreAYooKassaCancellationAfterItsSuccess() {
        JsonNode accepted = subscribe("RU", "RUB", null).json();
        String payment = providerRef(accepted);
        sandbox("/sandbox/yookassa/_simulate/" + payment + "?outcome=succeeded");
        assertActivatedOnce(accepted);

        Response late = gateway()
                .post(
                        "/webhooks/yookassa",
                        "{\"type\":\"notification\",\"event\":\"payment.canceled\",\"object\":{\"id\":\"" + payment
                                + "\",\"status\":\"canceled\"}}")
                .send();

        assertThat(late.status()).isEqualTo(200);
        // The notification is only a hint: the status query still says succeeded, nothing changes.
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> jdbc.queryForObject(
                                "select count(*) from payment_webhook where attempt_id = ?::uuid and state = 'applied'",
                                Long.class,
                                accepted.path("paymentId").asText()),
                        applied -> applied == 2);
        assertStillActiveWithoutSecondTransition(accepted);
    }

    @Test
    void shouldApplyAWebMoneyResultOnceWhenReplayedFiveTimes() {
        JsonNode accepted = subscribe("RU", "RUB", "webmoney").json();
        String paymentNo = webMoneyPaymentNo(accepted);
        String result = webMoneyResult(paymentNo, "990.00", "2001");

        List<Response> answers = java.util.stream.IntStream.range(0, 5)
                .mapToObj(i -> webMoney(result))
                .toList();

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("OK");
        });
        assertActivatedOnce(accepted);
        assertThat(webhooks(accepted)).isEqualTo(1);
    }

    @Test
    void shouldRefuseAPreRequestOrResultWithAnotherAmountAndFlagTheResult() {
        JsonNode accepted = subscribe("RU", "RUB", "webmoney").json();
        String paymentNo = webMoneyPaymentNo(accepted);
        String purse = properties.gateways().webmoney().purse();

        Response pre = webMoney("LMI_PREREQUEST=1&LMI_PAYEE_PURSE=" + purse + "&LMI_PAYMENT_AMOUNT=1.00&LMI_PAYMENT_NO="
                + paymentNo + "&LMI_MODE=1&LMI_PAYER_WM=404521188333&LMI_PAYER_PURSE=P366393600555");
        Response result = webMoney(webMoneyResult(paymentNo, "1.00", "2002"));

        assertThat(pre.status()).isEqualTo(200);
        assertThat(pre.body()).startsWith("NO");
        assertThat(result.status()).isEqualTo(422);
        assertThat(result.contentType()).contains("application/problem+json");
        assertFlaggedAndPending(accepted);
    }

    @Test
    void shouldRefuseAndFlagASberbankCallbackWhoseAmountDiffers() {
        JsonNode accepted = subscribe("RU", "RUB", "sberbank").json();

        Response refused = gateway()
                .get("/webhooks/sberbank?"
                        + sberbankCallback(providerRef(accepted), orderNo(accepted), "deposited", "1", 100))
                .send();

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.contentType()).contains("application/problem+json");
        assertFlaggedAndPending(accepted);
    }

    @Test
    void shouldAnswer413ProblemForAnOversizedBodyOnEveryWebhook() {
        String big = "a=" + "x".repeat(1024 * 1024 + 1);
        Map<String, String> webhooks = Map.of(
                "/webhooks/stripe", "application/json",
                "/webhooks/yookassa", "application/json",
                "/webhooks/sberbank", "application/x-www-form-urlencoded",
                "/webhooks/webmoney", "application/x-www-form-urlencoded");

        webhooks.forEach((path, contentType) -> {
            Response refused = gateway()
                    .post(path, big)
                    .header("Content-Type", contentType)
                    .send();

            assertThat(refused.status()).as(path).isEqualTo(413);
            assertThat(refused.contentType()).as(path).contains("application/problem+json");
        });
    }

    @Test
    void shouldAnswer400ProblemForMalformedWebhookBodies() {
        JsonNode accepted = subscribe("RU", "RUB", "sberbank").json();
        String purse = properties.gateways().webmoney().purse();
        List<Response> refused = List.of(
                stripeWebhook("{not json", signature("{not json", now())),
                gateway().post("/webhooks/yookassa", "{not json").send(),
                gateway()
                        .post("/webhooks/yookassa", "{\"type\":\"notification\",\"event\":\"payment.succeeded\"}")
                        .send(),
                gateway()
                        .get("/webhooks/sberbank?mdOrder=" + providerRef(accepted))
                        .send(),
                gateway()
                        .request(
                                "POST",
                                "/webhooks/sberbank",
                                "mdOrder=x&operation=deposited&status=1&amount=lots&checksum="
                                        + SberbankChecksum.compute(
                                                properties.gateways().sberbank().callbackToken(),
                                                Map.of(
                                                        "mdOrder",
                                                        "x",
                                                        "operation",
                                                        "deposited",
                                                        "status",
                                                        "1",
                                                        "amount",
                                                        "lots")))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .send(),
                webMoney("LMI_PAYEE_PURSE=" + purse + "&LMI_PAYMENT_NO=not-a-number&LMI_HASH=00"),
                webMoney(webMoneyResult(orderNo(accepted), "a lot", "2003")));

        assertThat(refused).allSatisfy(answer -> {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
            assertThat(answer.contentType()).contains("application/problem+json");
        });
        assertThat(webhooks(accepted)).isZero();
    }

    @Test
    void shouldReconcileAWebMoneyPaymentByX18WhenTheResultNotificationIsLost() {
        JsonNode accepted = subscribe("RU", "RUB", "webmoney").json();
        String paymentId = accepted.path("paymentId").asText();
        String paymentNo = webMoneyPaymentNo(accepted);
        Response form = gateway()
                .request(
                        "POST",
                        "/sandbox/webmoney/lmi/payment_utf.asp",
                        form(accepted.path("clientAction").path("fields")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .send();
        assertThat(form.status()).isEqualTo(200);

        // Not paid yet: X18 answers -8, the attempt stays pending and is asked again later.
        jms.convertAndSend("payments.reconcile", "{\"attemptId\":\"" + paymentId + "\"}");
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> jdbc.queryForObject(
                                "select reconciles from payment_attempt where id = ?::uuid", Integer.class, paymentId),
                        reconciles -> reconciles == 1);
        assertThat(get("/api/payments/" + paymentId).path("state").asText()).isEqualTo("pending");

        sandbox("/sandbox/webmoney/_simulate/" + paymentNo + "?outcome=succeeded&notify=false");
        jms.convertAndSend("payments.reconcile", "{\"attemptId\":\"" + paymentId + "\"}");

        assertActivatedOnce(accepted);
        assertThat(get("/api/payments/" + paymentId).path("history").findValuesAsText("detail"))
                .anySatisfy(detail -> assertThat(detail).contains("status query X18 paid"));
        assertThat(webhooks(accepted)).isZero();
    }

    @Test
    void shouldTreatConnectionRefusedAnd5xxAsOutagesAnd4xxAsAnswers() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        fault("sberbank", "{\"mode\":\"fail\",\"status\":500}");
        String sberbank = properties.gateways().sberbank().baseUrl();

        assertThatThrownBy(() -> providers.post(
                        "sberbank", "http://127.0.0.1:" + closed, "/register.do", "text/plain", "x", Map.of()))
                .isInstanceOf(java.net.ConnectException.class)
                .isNotInstanceOf(ServiceAnswered.class);
        assertThatThrownBy(() -> providers.post(
                        "sberbank", sberbank, "/register.do", "application/x-www-form-urlencoded", "x=1", Map.of()))
                .isInstanceOf(ProviderEndpoints.ProviderUnavailable.class)
                .isNotInstanceOf(ServiceAnswered.class);
        healTheSandbox();
        assertThat(providers
                        .get("yookassa", properties.gateways().yookassa().baseUrl(), "/payments/none", Map.of())
                        .status())
                .isEqualTo(401);
    }

    @Test
    void shouldAuditEachCallToAProviderOnceThroughCamelHttp() {
        String requestId = "pay-audit-" + UUID.randomUUID();

        Response accepted = gateway()
                .post("/api/subscriptions", body("RU", "RUB", "sberbank"))
                .bearer(tokens.service("billing"))
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .header("X-Request-Id", requestId)
                .send();

        assertThat(accepted.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> outboundAudit(requestId), rows -> !rows.isEmpty());
        await().pollDelay(Duration.ofMillis(500)).until(() -> true);
        assertThat(outboundAudit(requestId)).containsExactly("sberbank create-payment ok");
    }

    @Test
    void shouldRefuseForgedStaleAndMalformedWebhooks() {
        JsonNode accepted = subscribe("US", "USD", null).json();
        String body = event("evt_" + UUID.randomUUID(), "payment_intent.succeeded", providerRef(accepted), 999, "usd");

        assertThat(stripeWebhook(body, signature(body, now() - 301)).status()).isEqualTo(400);
        assertThat(stripeWebhook(body, "t=" + now() + ",v1=" + "ab".repeat(32)).status())
                .isEqualTo(400);
        assertThat(stripeWebhook(body, StripeSignature.header("whsec_other", now(), body))
                        .status())
                .isEqualTo(400);
        assertThat(stripeWebhook(body, null).status()).isEqualTo(400);
        assertThat(stripeWebhook("{not json", signature("{not json", now())).status())
                .isEqualTo(400);
        // The README vector is a valid signature, but for another secret and long expired.
        assertThat(stripeWebhook(
                                "{\"id\":\"evt_test_1\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\"}",
                                "t=1700000000,v1=871acfe933554b446cc41d791076dd56a10c0553cc61aafbeb881d0082b45043")
                        .status())
                .isEqualTo(400);
        assertThat(gateway()
                        .get("/webhooks/sberbank?mdOrder=x&operation=deposited&status=1&orderNumber=1&checksum=AB")
                        .send()
                        .status())
                .isEqualTo(403);
        assertThat(gateway()
                        .request("POST", "/webhooks/webmoney", "LMI_PAYMENT_NO=1&LMI_HASH=00")
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .send()
                        .status())
                .isIn(400, 403);

        await().pollDelay(Duration.ofMillis(300)).until(() -> true);
        assertThat(get("/api/subscriptions/" + accepted.path("subscriptionId").asText())
                        .path("state")
                        .asText())
                .isEqualTo("pending");
    }

    @ParameterizedTest
    @CsvSource({"1, usd", "999, eur"})
    void shouldRefuseAndFlagAStripeEventWhoseAmountOrCurrencyDiffers(long amount, String currency) {
        JsonNode accepted = subscribe("US", "USD", null).json();
        String body =
                event("evt_" + UUID.randomUUID(), "payment_intent.succeeded", providerRef(accepted), amount, currency);

        Response refused = stripeWebhook(body, signature(body, now()));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.contentType()).contains("application/problem+json");
        assertFlaggedAndPending(accepted);
    }

    @Test
    void shouldMakeExactlyOneTransitionWhenTheGatewayStopsBetweenAcceptingAndApplyingAWebhook() throws Exception {
        JsonNode accepted = subscribe("US", "USD", null).json();
        camel.getRouteController().stopRoute("payment-webhook-apply");
        try {
            Response simulated = sandbox("/sandbox/stripe/_simulate/" + providerRef(accepted) + "?outcome=succeeded");
            assertThat(simulated.json().path("gatewayStatus").asInt()).isEqualTo(200);
            assertThat(get("/api/subscriptions/"
                                    + accepted.path("subscriptionId").asText())
                            .path("state")
                            .asText())
                    .isEqualTo("pending");

            broker.stop();
            broker.start();
            camel.getRouteController().startRoute("payment-webhook-apply");
        } finally {
            if (!camel.getRouteController()
                    .getRouteStatus("payment-webhook-apply")
                    .isStarted()) {
                camel.getRouteController().startRoute("payment-webhook-apply");
            }
        }

        assertActivatedOnce(accepted);
    }

    @Test
    void shouldReplayTheFirstAnswerWhenTheSameIdempotencyKeyIsSentAgain() {
        String key = UUID.randomUUID().toString();
        String body = body("US", "USD", null);

        Response first = post(body, key);
        Response second = post(body, key);
        Response otherBody = post(body("US", "USD", "stripe"), key);
        Response noKey = gateway()
                .post("/api/subscriptions", body)
                .bearer(tokens.service("billing"))
                .send();

        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(202);
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(second.json().path("subscriptionId")).isEqualTo(first.json().path("subscriptionId"));
        assertThat(otherBody.status()).isEqualTo(422);
        assertThat(noKey.status()).isEqualTo(400);
        assertThat(jdbc.queryForObject("select count(*) from subscription where request_key = ?", Long.class, key))
                .isEqualTo(1);
    }

    @Test
    void shouldRefuseMalformedAndUnauthenticatedSubscriptionRequests() {
        assertThat(post("{not json", UUID.randomUUID().toString()).status()).isEqualTo(400);
        assertThat(post(
                                "{\"userId\":\"u1\",\"plan\":\"p\",\"amount\":-5,\"currency\":\"USD\",\"region\":\"US\"}",
                                "k-" + UUID.randomUUID())
                        .status())
                .isEqualTo(400);
        assertThat(post(
                                "{\"userId\":\"u1\",\"plan\":\"p\",\"amount\":5,\"currency\":\"XXY\",\"region\":\"US\"}",
                                "k-" + UUID.randomUUID())
                        .status())
                .isEqualTo(400);
        assertThat(post(body("US", "USD", "yookassa"), UUID.randomUUID().toString())
                        .status())
                .isEqualTo(422);
        assertThat(gateway()
                        .post("/api/subscriptions", body("US", "USD", null))
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .send()
                        .status())
                .isEqualTo(401);
        assertThat(gateway()
                        .get("/api/payments/" + UUID.randomUUID())
                        .bearer(tokens.service("billing"))
                        .send()
                        .status())
                .isEqualTo(404);
    }

    @Test
    void shouldKeepPaymentRecordsWithoutTheUserWhenErased() {
        String user = "user-" + UUID.randomUUID();
        Response accepted = post(
                body("US", "USD", null).replace("\"user-1\"", "\"" + user + "\""),
                UUID.randomUUID().toString());

        Map<String, Object> erased = personalData.erase(user);

        assertThat(erased).containsEntry("subscriptionsAnonymised", 1);
        JsonNode subscription = get(
                "/api/subscriptions/" + accepted.json().path("subscriptionId").asText());
        assertThat(subscription.path("attempts")).hasSize(1);
        assertThat(jdbc.queryForObject("select count(*) from subscription where user_id = ?", Long.class, user))
                .isZero();
    }

    // ------------------------------------------------------------------ helpers

    private Response subscribe(String region, String currency, String preferred) {
        Response accepted =
                post(body(region, currency, preferred), UUID.randomUUID().toString());
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        return accepted;
    }

    private static String body(String region, String currency, String preferred) {
        long amount = currency.equals("RUB") ? 99000 : 999;
        return "{\"userId\":\"user-1\",\"plan\":\"premium-monthly\",\"amount\":" + amount + ",\"currency\":\""
                + currency
                + "\",\"region\":\"" + region + "\""
                + (preferred == null ? "" : ",\"preferredGateway\":\"" + preferred + "\"")
                + "}";
    }

    private Response post(String body, String key) {
        return gateway()
                .post("/api/subscriptions", body)
                .bearer(tokens.service("billing"))
                .header("Idempotency-Key", key)
                .send();
    }

    private JsonNode get(String path) {
        Response response =
                gateway().get(path).bearer(tokens.service("billing")).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private JsonNode latestAttempt(String subscriptionId) {
        JsonNode attempts = get("/api/subscriptions/" + subscriptionId).path("attempts");
        return attempts.get(attempts.size() - 1);
    }

    private String providerRef(JsonNode accepted) {
        return get("/api/payments/" + accepted.path("paymentId").asText())
                .path("providerRef")
                .asText();
    }

    private void declineEachAttempt(JsonNode accepted, String gateway, Function<String, String> declinePath) {
        String subscriptionId = accepted.path("subscriptionId").asText();
        for (int attempt = 1; attempt <= 3; attempt++) {
            int number = attempt;
            JsonNode current = await().atMost(Duration.ofSeconds(20))
                    .until(
                            () -> latestAttempt(subscriptionId),
                            a -> a.path("attemptNo").asInt() == number
                                    && a.path("state").asText().equals("pending"));
            assertThat(current.path("gateway").asText()).isEqualTo(gateway);
            sandbox(declinePath.apply(current.path("providerRef").asText()));
        }
    }

    private void assertFailedAfterThreeDeclines(JsonNode accepted) {
        String subscriptionId = accepted.path("subscriptionId").asText();
        awaitSubscriptionState(subscriptionId, "failed");
        JsonNode subscription = get("/api/subscriptions/" + subscriptionId);
        assertThat(subscription.path("attempts").findValuesAsText("state"))
                .containsExactly("declined", "declined", "declined");
        assertThat(subscription.path("history").findValuesAsText("event"))
                .filteredOn("retry-scheduled"::equals)
                .hasSize(2);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(publishedEvents(subscriptionId, "subscription.failed"))
                        .isEqualTo(1));
        assertThat(events(subscriptionId, "subscription.failed")).isEqualTo(1);
        assertThat(events(subscriptionId, "subscription.activated")).isZero();
        List<String> attemptIds = subscription.path("attempts").findValuesAsText("id");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(gateway()
                        .get("/sandbox/email/v1/messages")
                        .send()
                        .json()
                        .findValuesAsText("idempotencyKey"))
                .contains("payment-retry-" + attemptIds.get(0), "payment-retry-" + attemptIds.get(1))
                .doesNotContain("payment-retry-" + attemptIds.get(2)));
    }

    private void assertStillActiveWithoutSecondTransition(JsonNode accepted) {
        String subscriptionId = accepted.path("subscriptionId").asText();
        String paymentId = accepted.path("paymentId").asText();
        await().pollDelay(Duration.ofMillis(500)).until(() -> true);
        JsonNode subscription = get("/api/subscriptions/" + subscriptionId);
        assertThat(subscription.path("state").asText()).isEqualTo("active");
        assertThat(subscription.path("attempts").findValuesAsText("state")).containsExactly("completed");
        assertThat(subscription.path("history").findValuesAsText("event"))
                .doesNotContain("declined", "retry-scheduled", "subscription-failed")
                .filteredOn(event -> event.equals("payment-completed") || event.equals("subscription-activated"))
                .hasSize(2);
        assertThat(events(paymentId, "payment.completed")).isEqualTo(1);
        assertThat(events(subscriptionId, "subscription.activated")).isEqualTo(1);
        assertThat(events(subscriptionId, "subscription.failed")).isZero();
    }

    private void assertFlaggedAndPending(JsonNode accepted) {
        String paymentId = accepted.path("paymentId").asText();
        assertThat(jdbc.queryForList(
                        "select state from payment_webhook where attempt_id = ?::uuid", String.class, paymentId))
                .containsExactly("flagged");
        JsonNode subscription =
                get("/api/subscriptions/" + accepted.path("subscriptionId").asText());
        assertThat(subscription.path("history").findValuesAsText("event")).contains("flagged-for-review");
        assertThat(subscription.path("state").asText()).isEqualTo("pending");
        assertThat(get("/api/payments/" + paymentId).path("state").asText()).isEqualTo("pending");
        assertThat(events(paymentId, "payment.completed")).isZero();
    }

    private long webhooks(JsonNode accepted) {
        return jdbc.queryForObject(
                "select count(*) from payment_webhook where attempt_id = ?::uuid",
                Long.class,
                accepted.path("paymentId").asText());
    }

    private static String webMoneyPaymentNo(JsonNode accepted) {
        return accepted.path("clientAction")
                .path("fields")
                .path("LMI_PAYMENT_NO")
                .asText();
    }

    private String orderNo(JsonNode accepted) {
        return jdbc.queryForObject(
                "select order_no from payment_attempt where id = ?::uuid",
                String.class,
                accepted.path("paymentId").asText());
    }

    private List<String> outboundAudit(String requestId) {
        return jdbc.queryForList(
                "select service || ' ' || operation || ' ' || status from integration_audit"
                        + " where request_id = ? and direction = 'OUTBOUND' order by id",
                String.class,
                requestId);
    }

    /** A Sberbank callback query as the bank sends it, with its checksum. */
    private String sberbankCallback(String mdOrder, String orderNumber, String operation, String status, long amount) {
        Map<String, String> callback = new java.util.LinkedHashMap<>();
        callback.put("mdOrder", mdOrder);
        callback.put("orderNumber", orderNumber);
        callback.put("operation", operation);
        callback.put("status", status);
        callback.put("amount", String.valueOf(amount));
        callback.put(
                "checksum",
                SberbankChecksum.compute(properties.gateways().sberbank().callbackToken(), callback));
        return FormParameters.encode(callback);
    }

    /** A WebMoney result notification for a payment number, with LMI_HASH and LMI_HASH2. */
    private String webMoneyResult(String paymentNo, String amount, String transaction) {
        PaymentsProperties.WebMoney webmoney = properties.gateways().webmoney();
        Map<String, String> result = new java.util.LinkedHashMap<>();
        result.put("LMI_PAYEE_PURSE", webmoney.purse());
        result.put("LMI_PAYMENT_AMOUNT", amount);
        result.put("LMI_PAYMENT_NO", paymentNo);
        result.put("LMI_MODE", "0");
        result.put("LMI_SYS_INVS_NO", "9" + transaction);
        result.put("LMI_SYS_TRANS_NO", transaction);
        result.put("LMI_SYS_TRANS_DATE", "20261203 21:07:36");
        result.put("LMI_PAYER_PURSE", "P366393600555");
        result.put("LMI_PAYER_WM", "404521188333");
        result.put("LMI_HASH", WebMoneyHash.hash(webmoney.hashMethod(), result, webmoney.secretKey()));
        result.put("LMI_HASH2", WebMoneyHash.hash2(result, webmoney.secretKey()));
        return FormParameters.encode(result);
    }

    private Response webMoney(String form) {
        return gateway()
                .request("POST", "/webhooks/webmoney", form)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .send();
    }

    private Response sandbox(String path) {
        Response response = gateway().request("POST", path, null).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response;
    }

    private void fault(String fake, String fault) {
        Response response = gateway()
                .request("PUT", "/sandbox/_faults/" + fake, fault)
                .header("Content-Type", "application/json")
                .send();
        assertThat(response.status()).isEqualTo(200);
    }

    private void awaitSubscriptionState(String subscriptionId, String state) {
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> get("/api/subscriptions/" + subscriptionId)
                                .path("state")
                                .asText(),
                        state::equals);
    }

    private void assertActivatedOnce(JsonNode accepted) {
        String subscriptionId = accepted.path("subscriptionId").asText();
        String paymentId = accepted.path("paymentId").asText();
        awaitSubscriptionState(subscriptionId, "active");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(publishedEvents(paymentId, "payment.completed")).isEqualTo(1);
            assertThat(publishedEvents(subscriptionId, "subscription.activated"))
                    .isEqualTo(1);
        });
        assertThat(events(paymentId, "payment.completed")).isEqualTo(1);
        assertThat(events(subscriptionId, "subscription.activated")).isEqualTo(1);
        assertThat(get("/api/payments/" + paymentId).path("state").asText()).isEqualTo("completed");
    }

    private long events(String aggregateId, String type) {
        return jdbc.queryForObject(
                "select count(*) from outbox_event where aggregate_id = ? and event_type = ?",
                Long.class,
                aggregateId,
                type);
    }

    private long publishedEvents(String aggregateId, String type) {
        return jdbc.queryForObject(
                "select count(*) from outbox_event where aggregate_id = ? and event_type = ? and published_at is not null",
                Long.class,
                aggregateId,
                type);
    }

    private static String event(String id, String type, String intent, long amount, String currency) {
        return "{\"id\":\"" + id + "\",\"object\":\"event\",\"type\":\"" + type + "\",\"data\":{\"object\":{\"id\":\""
                + intent + "\",\"object\":\"payment_intent\",\"amount\":" + amount + ",\"currency\":\"" + currency
                + "\",\"status\":\"" + (type.endsWith("succeeded") ? "succeeded" : "requires_payment_method") + "\"}}}";
    }

    private String signature(String body, long t) {
        return StripeSignature.header(properties.gateways().stripe().webhookSecret(), t, body);
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private Response stripeWebhook(String body, String signature) {
        var request = gateway().post("/webhooks/stripe", body);
        if (signature != null) {
            request.header("Stripe-Signature", signature);
        }
        return request.send();
    }

    private static String form(JsonNode fields) {
        Iterator<Map.Entry<String, JsonNode>> entries = fields.fields();
        java.util.List<String> pairs = new java.util.ArrayList<>();
        entries.forEachRemaining(e -> pairs.add(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue().asText(), StandardCharsets.UTF_8)));
        return pairs.stream().collect(Collectors.joining("&"));
    }
}
