package com.fitplatform.gateway.ai.personalization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.ai.AiAnswerRejected;
import com.fitplatform.gateway.ai.AiAnswers;
import com.fitplatform.gateway.ai.AiProperties;
import com.fitplatform.gateway.ai.AiProperties.Content;
import com.fitplatform.gateway.ai.FallbackCause;
import com.fitplatform.gateway.ai.recommendations.CallerChecks;
import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;
import com.fitplatform.gateway.common.security.CallerIdentityFilter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * The personalized content feed: checks the request (400 before anything is called), builds the
 * engine's query, checks the engine's answer ({@code items[]} of {@code contentId}, {@code type},
 * {@code title}, {@code score}, {@code publishedAt}) and, as the fallback, serves the most recent
 * items of the catalogue in config/ai.yaml.
 */
@Component("contentFeeds")
public class ContentFeeds {

    private static final String SERVICE = "personalization";
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");
    private static final Pattern CONTENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");
    private static final int MAX_LIMIT = 100;

    private final ObjectMapper json;
    private final AiProperties properties;

    public ContentFeeds(ObjectMapper json, AiProperties properties) {
        this.json = json;
        this.properties = properties;
    }

    /** Checks the query and keeps it; returns the engine's query string. */
    public String prepare(
            @Header("userId") String userId,
            @Header("limit") String limit,
            @Header("includeMetrics") String includeMetrics,
            @Header(CallerIdentityFilter.SUBJECT) String subject,
            Exchange exchange) {
        if (userId == null || !USER_ID.matcher(userId).matches()) {
            throw invalid("userId is required: 1 to 128 letters, digits or . _ : @ -");
        }
        CallerChecks.mayActFor(subject, userId);
        int wanted;
        try {
            wanted = limit == null || limit.isBlank() ? 20 : Integer.parseInt(limit.trim());
        } catch (NumberFormatException e) {
            throw invalid("limit is a whole number from 1 to " + MAX_LIMIT);
        }
        if (wanted < 1 || wanted > MAX_LIMIT) {
            throw invalid("limit is a whole number from 1 to " + MAX_LIMIT);
        }
        boolean metrics;
        if (includeMetrics == null || includeMetrics.isBlank() || includeMetrics.equalsIgnoreCase("true")) {
            metrics = true;
        } else if (includeMetrics.equalsIgnoreCase("false")) {
            metrics = false;
        } else {
            throw invalid("includeMetrics is true or false");
        }
        ContentFeedRequest request = new ContentFeedRequest(userId, wanted, metrics);
        exchange.setProperty(ContentFeedRequest.PROPERTY, request);
        return "userId=" + URLEncoder.encode(userId, StandardCharsets.UTF_8) + "&limit=" + wanted + "&includeMetrics="
                + metrics;
    }

    /** The engine's answer, rebuilt from checked fields only. */
    public Map<String, Object> accept(String body, Exchange exchange) {
        ContentFeedRequest request = exchange.getProperty(ContentFeedRequest.PROPERTY, ContentFeedRequest.class);
        JsonNode answer = AiAnswers.read(json, SERVICE, body, properties.maxAnswerBytes());
        JsonNode entries = answer.path("items");
        if (!entries.isArray() || entries.size() > request.limit()) {
            throw new AiAnswerRejected(SERVICE, "items is not a list of at most " + request.limit());
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (JsonNode entry : entries) {
            String id = entry.path("contentId").asText("");
            JsonNode score = entry.path("score");
            if (!CONTENT_ID.matcher(id).matches()
                    || !entry.path("type").isTextual()
                    || !entry.path("title").isTextual()
                    || entry.path("title").asText().length() > 300
                    || !score.isNumber()
                    || score.asDouble() < 0
                    || score.asDouble() > 1) {
                throw new AiAnswerRejected(SERVICE, "an item lacks contentId, type, title or score in [0,1]");
            }
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("contentId", id);
            item.put("type", entry.path("type").asText());
            item.put("title", entry.path("title").asText());
            item.put("score", score.asDouble());
            if (entry.path("publishedAt").isTextual()) {
                try {
                    item.put(
                            "publishedAt",
                            Instant.parse(entry.path("publishedAt").asText()).toString());
                } catch (DateTimeParseException e) {
                    throw new AiAnswerRejected(SERVICE, "publishedAt is not an ISO-8601 instant");
                }
            }
            items.add(item);
        }
        return feed(request, "model", items);
    }

    /** The fallback: the catalogue's most recent items, newest first. */
    public Map<String, Object> fallback(Exchange exchange) {
        FallbackCause.log(SERVICE, exchange);
        ContentFeedRequest request = exchange.getProperty(ContentFeedRequest.PROPERTY, ContentFeedRequest.class);
        List<Map<String, Object>> items = properties.content().stream()
                .sorted(Comparator.comparing(Content::publishedAt, Comparator.nullsLast(Comparator.reverseOrder())))
                .limit(request.limit())
                .map(content -> {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("contentId", content.id());
                    item.put("type", content.type());
                    item.put("title", content.title());
                    if (content.publishedAt() != null) {
                        item.put("publishedAt", content.publishedAt().toString());
                    }
                    item.put("reason", "recent content");
                    return item;
                })
                .toList();
        return feed(request, "fallback", items);
    }

    private static Map<String, Object> feed(
            ContentFeedRequest request, String source, List<Map<String, Object>> items) {
        Map<String, Object> feed = new LinkedHashMap<>();
        feed.put("userId", request.userId());
        feed.put("source", source);
        feed.put("items", items);
        return feed;
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(ProblemType.INVALID_REQUEST, detail);
    }
}
