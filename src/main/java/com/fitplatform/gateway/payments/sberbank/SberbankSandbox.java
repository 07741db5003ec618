package com.fitplatform.gateway.payments.sberbank;

import com.fitplatform.gateway.common.sandbox.SandboxFake;
import com.fitplatform.gateway.common.sandbox.SandboxFaults;
import com.fitplatform.gateway.payments.FormParameters;
import com.fitplatform.gateway.payments.PaymentsProperties;
import com.fitplatform.gateway.payments.SandboxWebhookSender;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Fake Sberbank RBS: register.do and getOrderStatusExtended.do (form bodies, userName/password,
 * unique orderNumber, kopecks, numeric currency), and {@code POST /sandbox/sberbank/_simulate/{orderId}
 * ?outcome=succeeded|declined} which sends the gateway the checksummed callback.
 */
@SandboxFake
public class SberbankSandbox {

    private final SandboxFaults faults;
    private final PaymentsProperties.Sberbank sberbank;
    private final SandboxWebhookSender sender;
    private final Map<String, Map<String, Object>> orders = new ConcurrentHashMap<>();
    private final Map<String, String> orderNumbers = new ConcurrentHashMap<>();

    public SberbankSandbox(SandboxFaults faults, PaymentsProperties properties, SandboxWebhookSender sender) {
        this.faults = faults;
        this.sberbank = properties.gateways().sberbank();
        this.sender = sender;
    }

    @PostMapping(path = "/sandbox/sberbank/payment/rest/register.do", consumes = "application/x-www-form-urlencoded")
    public Map<String, Object> register(@RequestParam Map<String, String> form) {
        faults.apply("sberbank");
        if (!authorised(form)) {
            return error("5", "Access denied");
        }
        String orderNumber = form.get("orderNumber");
        String amount = form.get("amount");
        if (orderNumber == null || orderNumber.isBlank() || orderNumber.length() > 32) {
            return error("4", "Order number is empty");
        }
        if (amount == null || !amount.matches("[1-9][0-9]*")) {
            return error("4", "Amount is invalid");
        }
        if (!"643".equals(form.getOrDefault("currency", "643")) || form.get("returnUrl") == null) {
            return error("4", "Currency or returnUrl is invalid");
        }
        if (orderNumbers.putIfAbsent(orderNumber, "taken") != null) {
            return error("1", "Order with this number was already processed");
        }
        String orderId = UUID.randomUUID().toString();
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("orderNumber", orderNumber);
        order.put("orderStatus", 0);
        order.put("amount", Long.parseLong(amount));
        order.put("currency", "643");
        order.put("actionCode", -100);
        orders.put(orderId, order);
        orderNumbers.put(orderNumber, orderId);
        return Map.of(
                "orderId",
                orderId,
                "formUrl",
                "https://3dsec.sberbank.ru/payment/merchants/sbersafe/payment_ru.html?mdOrder=" + orderId);
    }

    @PostMapping(
            path = "/sandbox/sberbank/payment/rest/getOrderStatusExtended.do",
            consumes = "application/x-www-form-urlencoded")
    public Map<String, Object> status(@RequestParam Map<String, String> form) {
        faults.apply("sberbank");
        if (!authorised(form)) {
            return error("5", "Access denied");
        }
        Map<String, Object> order = orders.get(form.getOrDefault("orderId", ""));
        if (order == null) {
            return error("6", "Order not found");
        }
        Map<String, Object> answer = new LinkedHashMap<>(order);
        answer.put("errorCode", "0");
        answer.put("errorMessage", "Success");
        return answer;
    }

    @PostMapping("/sandbox/sberbank/_simulate/{orderId}")
    public Map<String, Object> simulate(
            @PathVariable String orderId, @RequestParam(defaultValue = "succeeded") String outcome) {
        Map<String, Object> order = orders.get(orderId);
        if (order == null) {
            return error("6", "Order not found");
        }
        boolean succeeded = outcome.equals("succeeded");
        order.put("orderStatus", succeeded ? 2 : 6);
        order.put("actionCode", succeeded ? 0 : 116);
        Map<String, String> callback = new LinkedHashMap<>();
        callback.put("mdOrder", orderId);
        callback.put("orderNumber", (String) order.get("orderNumber"));
        callback.put("operation", succeeded ? "deposited" : "approved");
        callback.put("status", succeeded ? "1" : "0");
        callback.put("amount", String.valueOf(order.get("amount")));
        callback.put("checksum", SberbankChecksum.compute(sberbank.callbackToken(), callback));
        int status = sender.send("GET", "/webhooks/sberbank?" + FormParameters.encode(callback), null, null, Map.of())
                .statusCode();
        return Map.of("gatewayStatus", status, "operation", callback.get("operation"));
    }

    private boolean authorised(Map<String, String> form) {
        return sberbank.userName().equals(form.get("userName"))
                && sberbank.password().equals(form.get("password"));
    }

    private static Map<String, Object> error(String code, String message) {
        return Map.of("errorCode", code, "errorMessage", message);
    }
}
