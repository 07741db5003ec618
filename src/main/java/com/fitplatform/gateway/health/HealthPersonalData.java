package com.fitplatform.gateway.health;

import com.fitplatform.gateway.common.privacy.PersonalDataHolder;
import com.fitplatform.gateway.health.connect.HealthConnections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Health data of a user for export and erasure: points, rejected and unknown records, connections, jobs. */
@Component
public class HealthPersonalData implements PersonalDataHolder {

    private final JdbcTemplate jdbc;
    private final HealthConnections connections;

    public HealthPersonalData(JdbcTemplate jdbc, HealthConnections connections) {
        this.jdbc = jdbc;
        this.connections = connections;
    }

    @Override
    public String area() {
        return "health";
    }

    @Override
    public Map<String, Object> export(String userId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(
                "connections",
                jdbc.queryForList(
                        "select provider, status, provider_user_id, scopes, last_synced_day, created_at from health_connection where user_id = ?",
                        userId));
        data.put(
                "points",
                jdbc.queryForList(
                        "select metric, start_time, end_time, value, value2, unit, provider, device, source_record_id, original_value,"
                                + " original_unit, details::text as details from health_metrics where user_id = ? order by start_time",
                        userId));
        data.put(
                "rejectedPoints",
                jdbc.queryForList(
                        "select provider, metric, source_record_id, reason, recorded_at from health_rejected_point where user_id = ?",
                        userId));
        data.put(
                "unknownRecords",
                jdbc.queryForList(
                        "select provider, type, record_key, payload::text as payload from health_raw_unknown where user_id = ?",
                        userId));
        data.put(
                "syncJobs",
                jdbc.queryForList(
                        "select id, provider, mode, from_day, to_day, state, points_stored from health_sync_job where user_id = ?",
                        userId));
        return data;
    }

    @Override
    public Map<String, Object> erase(String userId) {
        Map<String, Object> removed = new LinkedHashMap<>();
        removed.put("points", jdbc.update("delete from health_metrics where user_id = ?", userId));
        removed.put("rejectedPoints", jdbc.update("delete from health_rejected_point where user_id = ?", userId));
        removed.put("unknownRecords", jdbc.update("delete from health_raw_unknown where user_id = ?", userId));
        removed.put("syncJobs", jdbc.update("delete from health_sync_job where user_id = ?", userId));
        // Read before the rows go; the provider calls wait for the erasure to commit.
        removed.put("providerTokenRevocations", connections.revokeAllAfterCommit(userId));
        removed.put("connections", jdbc.update("delete from health_connection where user_id = ?", userId));
        return removed;
    }
}
