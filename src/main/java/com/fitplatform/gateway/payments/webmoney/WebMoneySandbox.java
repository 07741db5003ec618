package com.fitplatform.gateway.payments.webmoney;

import com.fitplatform.gateway.common.sandbox.SandboxFake;
import com.fitplatform.gateway.common.sandbox.SandboxFaults;
import com.fitplatform.gateway.payments.FormParameters;
import com.fitplatform.gateway.payments.PaymentsProperties;
import com.fitplatform.gateway.payments.SandboxWebhookSender;
import com.fitplatform.gateway.payments.WebhookSignatures;
import java.net.URI;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Fake WebMoney Merchant: takes the payer's form post (checks the LMI_* fields), and
 * {@code POST /sandbox/webmoney/_simulate/{paymentNo}?outcome=succeeded} plays WebMoney's side:
 * the pre-request (expects exactly YES), then the result notification with LMI_HASH and LMI_HASH2
 * ({@code notify=false} pays without notifying, as when the notification is lost). Interface X18
 * answers the status of a payment number to a request authenticated by its sha256.
 */
@SandboxFake
public class WebMoneySandbox {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd HH:mm:ss");

    private final SandboxFaults faults;
    private final PaymentsProperties.WebMoney webmoney;
    private final SandboxWebhookSender sender;
    private final Map<String, Map<String, String>> payments = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> operations = new ConcurrentHashMap<>();
    private final AtomicLong invoices = new AtomicLong(800_000);

    public WebMoneySandbox(SandboxFaults faults, PaymentsProperties properties, SandboxWebhookSender sender) {
        this.faults = faults;
        this.webmoney = properties.gateways().webmoney();
        this.sender = sender;
    }

    @PostMapping(path = "/sandbox/webmoney/lmi/payment_utf.asp", consumes = "application/x-www-form-urlencoded")
    public ResponseEntity<String> pay(@RequestParam Map<String, String> form) {
        faults.apply("webmoney");
        String purse = form.getOrDefault("LMI_PAYEE_PURSE", "");
        if (!purse.matches("[A-Z][0-9]{12}")
                || !form.getOrDefault("LMI_PAYMENT_AMOUNT", "").matches("[0-9]+(\\.[0-9]{1,2})?")
                || !form.getOrDefault("LMI_PAYMENT_NO", "").matches("[0-9]{1,10}")
                || (form.get("LMI_PAYMENT_DESC") == null && form.get("LMI_PAYMENT_DESC_BASE64") == null)) {
            return ResponseEntity.badRequest().body("Invalid payment form");
        }
        payments.put(form.get("LMI_PAYMENT_NO"), new LinkedHashMap<>(form));
        return ResponseEntity.ok("WebMoney sandbox: payment " + form.get("LMI_PAYMENT_NO") + " awaiting the payer");
    }

    @PostMapping("/sandbox/webmoney/_simulate/{paymentNo}")
    public ResponseEntity<Map<String, Object>> simulate(
            @PathVariable String paymentNo,
            @RequestParam(defaultValue = "succeeded") String outcome,
            @RequestParam(defaultValue = "true") boolean notify) {
        Map<String, String> payment = payments.get(paymentNo);
        if (payment == null) {
            return ResponseEntity.status(404).body(Map.of("error", "no payment form posted for " + paymentNo));
        }
        if (!notify) {
            if (outcome.equals("succeeded")) {
                operations.put(paymentNo, operation(payment, invoices.incrementAndGet()));
            }
            return ResponseEntity.ok(Map.of("result", "not sent"));
        }
        String path = URI.create(payment.getOrDefault("LMI_RESULT_URL", "/webhooks/webmoney"))
                .getPath();
        Map<String, String> pre = new LinkedHashMap<>();
        pre.put("LMI_PREREQUEST", "1");
        pre.put("LMI_PAYEE_PURSE", payment.get("LMI_PAYEE_PURSE"));
        pre.put("LMI_PAYMENT_AMOUNT", payment.get("LMI_PAYMENT_AMOUNT"));
        pre.put("LMI_PAYMENT_NO", paymentNo);
        pre.put("LMI_MODE", "1");
        pre.put("LMI_PAYER_WM", "404521188333");
        pre.put("LMI_PAYER_PURSE", "P366393600555");
        String preAnswer = sender.send(
                        "POST", path, "application/x-www-form-urlencoded", FormParameters.encode(pre), Map.of())
                .body();
        if (!"YES".equals(preAnswer) || !outcome.equals("succeeded")) {
            // WebMoney sends no result notification for a refused or abandoned payment.
            return ResponseEntity.ok(Map.of("prerequest", String.valueOf(preAnswer), "result", "not sent"));
        }
        Map<String, String> result = new LinkedHashMap<>(pre);
        result.remove("LMI_PREREQUEST");
        Map<String, String> operation = operation(payment, invoices.incrementAndGet());
        operations.put(paymentNo, operation);
        result.put("LMI_SYS_INVS_NO", operation.get("wminvoiceid"));
        result.put("LMI_SYS_TRANS_NO", operation.get("wmtransid"));
        result.put("LMI_SYS_TRANS_DATE", operation.get("operdate"));
        result.put("LMI_HASH", WebMoneyHash.hash(webmoney.hashMethod(), result, webmoney.secretKey()));
        result.put("LMI_HASH2", WebMoneyHash.hash2(result, webmoney.secretKey()));
        int status = sender.post(path, "application/x-www-form-urlencoded", FormParameters.encode(result), Map.of());
        return ResponseEntity.ok(Map.of("prerequest", preAnswer, "gatewayStatus", status));
    }

    /** Interface X18: the payment made under a payment number, or -8. */
    @PostMapping(path = "/sandbox/webmoney/conf/xml/XMLTransGet.asp", produces = "text/xml;charset=UTF-8")
    public String x18(@RequestBody byte[] body) {
        faults.apply("webmoney");
        Map<String, String> request;
        try {
            request = X18Messages.requestFields(body);
        } catch (IllegalArgumentException e) {
            return X18Messages.response("-1", "malformed request", null);
        }
        String paymentNo = request.getOrDefault("lmi_payment_no", "");
        String expected = X18Messages.sha256(webmoney.wmid(), webmoney.purse(), paymentNo, webmoney.secretKey());
        if (!webmoney.wmid().equals(request.get("wmid"))
                || !webmoney.purse().equals(request.get("lmi_payee_purse"))
                || !WebhookSignatures.sameHex(expected, request.get("sha256"))) {
            return X18Messages.response("-4", "authentication failed for this wmid and purse", null);
        }
        Map<String, String> operation = operations.get(paymentNo);
        return operation == null
                ? X18Messages.response(X18Messages.NOT_PAID, "payment not found", null)
                : X18Messages.response(X18Messages.PAID, "", operation);
    }

    private static Map<String, String> operation(Map<String, String> payment, long invoice) {
        Map<String, String> operation = new LinkedHashMap<>();
        operation.put("wmtransid", String.valueOf(invoice + 1_000_000));
        operation.put("wminvoiceid", String.valueOf(invoice));
        operation.put("amount", payment.get("LMI_PAYMENT_AMOUNT"));
        operation.put("operdate", LocalDateTime.now(ZoneOffset.ofHours(3)).format(DATE));
        operation.put("purpose", "payment " + payment.get("LMI_PAYMENT_NO"));
        operation.put("pursefrom", "P366393600555");
        operation.put("wmidfrom", "404521188333");
        return operation;
    }
}
