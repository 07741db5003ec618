package com.fitplatform.gateway.ops.privacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.common.outbox.Outbox;
import com.fitplatform.gateway.common.privacy.PersonalDataHolder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Erases a user across every area that holds personal data ({@link PersonalDataHolder} beans), in
 * one transaction with the erasure record and the {@code user.erased} event: either all of it
 * happened or none. The record keeps a hash of the user id, the time, who asked and per-area counts;
 * no personal data. Export collects every area's data about the user.
 */
@Component
public class UserErasure {

    private final List<PersonalDataHolder> holders;
    private final JdbcTemplate jdbc;
    private final Outbox outbox;
    private final ObjectMapper json;

    public UserErasure(List<PersonalDataHolder> holders, JdbcTemplate jdbc, Outbox outbox, ObjectMapper json) {
        this.holders = holders;
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.json = json;
    }

    @Transactional
    public Map<String, Object> erase(String userId, String requestedBy) {
        Map<String, Object> areas = new TreeMap<>();
        for (PersonalDataHolder holder : holders) {
            areas.put(holder.area(), holder.erase(userId));
        }
        UUID erasureId = UUID.randomUUID();
        Instant erasedAt = Instant.now();
        try {
            jdbc.update(
                    "insert into user_erasure (id, user_id_hash, erased_at, requested_by, areas)"
                            + " values (?, ?, ?, ?, cast(? as jsonb))",
                    erasureId,
                    hash(userId),
                    java.sql.Timestamp.from(erasedAt),
                    requestedBy,
                    json.writeValueAsString(areas));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Erasure counts are not serialisable", e);
        }
        // Consumers erase their own copies; the event carries the id only.
        outbox.append("user.erased", "user", userId, Map.of("userId", userId, "erasureId", erasureId.toString()));
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("erasureId", erasureId.toString());
        record.put("userIdHash", hash(userId));
        record.put("erasedAt", erasedAt.toString());
        record.put("areas", areas);
        return record;
    }

    public Map<String, Object> export(String userId) {
        Map<String, Object> areas = new TreeMap<>();
        for (PersonalDataHolder holder : holders) {
            areas.put(holder.area(), holder.export(userId));
        }
        Map<String, Object> export = new LinkedHashMap<>();
        export.put("userId", userId);
        export.put("exportedAt", Instant.now().toString());
        export.put("areas", areas);
        List<Map<String, Object>> erasures = jdbc.queryForList(
                "select id, erased_at, areas from user_erasure where user_id_hash = ? order by erased_at",
                hash(userId));
        export.put(
                "erasures",
                erasures.stream()
                        .map(row -> Map.of(
                                "erasureId", row.get("id").toString(),
                                "erasedAt", String.valueOf(row.get("erased_at"))))
                        .toList());
        return export;
    }

    /** SHA-256 of the user id, hex: finds an erasure record again without storing the id. */
    static String hash(String userId) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(userId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
