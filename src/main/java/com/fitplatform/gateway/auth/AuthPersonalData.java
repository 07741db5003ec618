package com.fitplatform.gateway.auth;

import com.fitplatform.gateway.common.privacy.PersonalDataHolder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Sign-in data of a user: the profile, the linked identities (never password hashes) and the
 * sessions. Erasure deletes identities and refresh tokens and strips the profile's personal data;
 * the bare user id stays so other areas' records keep a valid reference.
 */
@Component
public class AuthPersonalData implements PersonalDataHolder {

    private final JdbcTemplate jdbc;

    public AuthPersonalData(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String area() {
        return "auth";
    }

    @Override
    public Map<String, Object> export(String userId) {
        UUID user = parse(userId);
        Map<String, Object> data = new LinkedHashMap<>();
        if (user == null) {
            return data;
        }
        List<Map<String, Object>> profile = jdbc.queryForList(
                "select id, email, email_verified, display_name, given_name, family_name, created_at, updated_at"
                        + " from auth_user where id = ?",
                user);
        data.put("profile", profile.isEmpty() ? null : profile.get(0));
        data.put(
                "identities",
                jdbc.queryForList(
                        "select provider, subject, email, email_verified, private_email, given_name, family_name,"
                                + " created_at, updated_at from auth_identity where user_id = ? order by provider",
                        user));
        data.put(
                "sessions",
                jdbc.queryForList(
                        "select family_id, issued_at, expires_at, rotated_at, revoked_at from auth_refresh_token"
                                + " where user_id = ? order by issued_at",
                        user));
        return data;
    }

    @Override
    public Map<String, Object> erase(String userId) {
        UUID user = parse(userId);
        if (user == null) {
            return Map.of("identities", 0, "refreshTokens", 0, "profiles", 0);
        }
        int tokens = jdbc.update("delete from auth_refresh_token where user_id = ?", user);
        int identities = jdbc.update("delete from auth_identity where user_id = ?", user);
        int profiles = jdbc.update(
                "update auth_user set email = null, email_verified = false, display_name = null, given_name = null,"
                        + " family_name = null, updated_at = now() where id = ?",
                user);
        return Map.of("identities", identities, "refreshTokens", tokens, "profiles", profiles);
    }

    private static UUID parse(String userId) {
        try {
            return UUID.fromString(userId);
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }
}
