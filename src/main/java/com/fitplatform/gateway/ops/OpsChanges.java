package com.fitplatform.gateway.ops;

import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The audit of every change ops make to the running gateway (table {@code ops_change}): who or
 * what, when, which file or route or message, the unified diff and the outcome. Written in its
 * own transaction so a refused or failed change is recorded too.
 */
@Component
public class OpsChanges {

    /** The actor of changes found by polling the watched directories. */
    public static final String FILE_WATCHER = "file-watcher";

    private final JdbcTemplate jdbc;
    private final OpsProperties properties;

    public OpsChanges(JdbcTemplate jdbc, OpsProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void record(String actor, String action, String target, String outcome, String detail, String diff) {
        jdbc.update(
                "insert into ops_change (actor, action, target, outcome, detail, diff) values (?, ?, ?, ?, ?, ?)",
                cut(actor, 200),
                action,
                cut(target, 500),
                outcome,
                cut(detail, 4000),
                cut(diff, properties.diffMaxChars()));
    }

    /** The latest changes, newest first. */
    public List<Map<String, Object>> latest(int limit) {
        return jdbc.queryForList(
                "select id, occurred_at, actor, action, target, outcome, detail, diff from ops_change"
                        + " order by id desc limit ?",
                limit);
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
