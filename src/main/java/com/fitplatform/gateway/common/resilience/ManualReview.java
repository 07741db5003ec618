package com.fitplatform.gateway.common.resilience;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.common.audit.PiiMasker;
import com.fitplatform.gateway.common.requestid.RequestIds;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * Where calls go that failed with an unknown outcome and may not be repeated (a POST without an
 * idempotency key): a durable queue an operator works through, never an automatic retry.
 */
@Component
public class ManualReview {

    private static final Logger log = LoggerFactory.getLogger(ManualReview.class);

    private final JmsTemplate jms;
    private final ObjectMapper json;
    private final String queue;

    public ManualReview(JmsTemplate jms, ObjectMapper json, @Value("${gateway.queues.manual-review}") String queue) {
        this.jms = jms;
        this.json = json;
        this.queue = queue;
    }

    public void submit(ResilientCalls.Call call, Exception failure) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("service", call.service());
        item.put("operation", call.operation());
        item.put("requestId", RequestIds.current());
        item.put("error", failure.getClass().getSimpleName());
        item.put("detail", PiiMasker.mask(failure.getMessage()));
        item.put("at", Instant.now().toString());
        try {
            String body = json.writeValueAsString(item);
            jms.convertAndSend(queue, body, message -> {
                message.setStringProperty(RequestIds.JMS_PROPERTY, RequestIds.current());
                return message;
            });
            log.warn(
                    "Call {} {} went to manual review: outcome unknown, not repeatable",
                    call.service(),
                    call.operation());
        } catch (JsonProcessingException | RuntimeException e) {
            log.error(
                    "Call {} {} needs manual review but could not be queued: {}",
                    call.service(),
                    call.operation(),
                    e.toString());
        }
    }
}
