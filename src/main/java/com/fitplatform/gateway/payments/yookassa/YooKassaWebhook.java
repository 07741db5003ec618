package com.fitplatform.gateway.payments.yookassa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;
import com.fitplatform.gateway.payments.PaymentRecords;
import com.fitplatform.gateway.payments.PaymentsProperties;
import com.fitplatform.gateway.payments.SourceAddressFilter;
import com.fitplatform.gateway.payments.WebhookInbox;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * POST /webhooks/yookassa: notifications are unsigned, so only YooKassa's published address
 * ranges are accepted, and the saga trusts the status only after {@code GET /v3/payments/{id}}.
 */
@Component("yooKassaWebhook")
public class YooKassaWebhook {

    private static final Set<String> EVENTS =
            Set.of("payment.succeeded", "payment.canceled", "payment.waiting_for_capture");

    private final List<String> sources;
    private final WebhookInbox inbox;
    private final PaymentRecords records;
    private final ObjectMapper json;

    public YooKassaWebhook(
            PaymentsProperties properties, WebhookInbox inbox, PaymentRecords records, ObjectMapper json) {
        this.sources = properties.gateways().yookassa().webhookSources();
        this.inbox = inbox;
        this.records = records;
        this.json = json;
    }

    public String ingest(String body, @Header(SourceAddressFilter.HEADER) String source, Exchange exchange) {
        if (!allowed(source, sources)) {
            throw new ProblemException(
                    ProblemType.FORBIDDEN, "Notifications are accepted from YooKassa's addresses only");
        }
        JsonNode notification;
        try {
            notification = json.readTree(body);
        } catch (Exception e) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The notification is not valid JSON");
        }
        String event = notification.path("event").asText("");
        String paymentId = notification.path("object").path("id").asText("");
        if (!"notification".equals(notification.path("type").asText()) || paymentId.isEmpty()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "Not a YooKassa notification");
        }
        if (!EVENTS.contains(event)) {
            return "";
        }
        inbox.record(
                new WebhookInbox.ProviderEvent(
                        "yookassa",
                        paymentId + ":" + event,
                        event,
                        records.attemptByRef("yookassa", paymentId),
                        "confirm",
                        null,
                        null,
                        null),
                exchange);
        return "";
    }

    /** Whether an address lies in one of the CIDR ranges. */
    public static boolean allowed(String address, List<String> ranges) {
        if (address == null || address.isBlank()) {
            return false;
        }
        try {
            byte[] ip = InetAddress.getByName(address).getAddress();
            for (String range : ranges) {
                String[] parts = range.split("/");
                byte[] net = InetAddress.getByName(parts[0]).getAddress();
                int bits = parts.length > 1 ? Integer.parseInt(parts[1]) : net.length * 8;
                if (net.length == ip.length && prefixMatches(ip, net, bits)) {
                    return true;
                }
            }
        } catch (Exception e) {
            return false;
        }
        return false;
    }

    private static boolean prefixMatches(byte[] ip, byte[] net, int bits) {
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >> (i % 8);
            if ((ip[i / 8] & mask) != (net[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }
}
