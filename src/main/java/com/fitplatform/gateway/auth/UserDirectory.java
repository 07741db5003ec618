package com.fitplatform.gateway.auth;

import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;
import com.fitplatform.gateway.common.outbox.Outbox;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Users and their ways in. Each change commits with its {@code user.created}/{@code user.updated}
 * event. Two first logins of one identity race on the (provider, subject) unique key: the loser's
 * transaction (including the user it created) rolls back and retries, finding the winner's row.
 */
@Component
public class UserDirectory {

    public static final String PASSWORD = "password";

    /** A signed-in user and whether this sign-in created them. */
    public record SignedIn(String userId, boolean created) {}

    private static final class LostRace extends RuntimeException {
        LostRace() {
            super("identity inserted concurrently", null, false, false);
        }
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Outbox outbox;

    public UserDirectory(JdbcTemplate jdbc, TransactionTemplate transactions, Outbox outbox) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.outbox = outbox;
    }

    /** Finds or creates the user of a provider identity, auto-linking by verified email. */
    public SignedIn signIn(ProviderIdentity identity) {
        return retryingRaces(() -> transactions.execute(status -> {
            List<Map<String, Object>> rows = jdbc.queryForList(
                    "select user_id, email, email_verified, given_name, family_name from auth_identity"
                            + " where provider = ? and subject = ? for update",
                    identity.provider(),
                    identity.subject());
            if (!rows.isEmpty()) {
                UUID userId = (UUID) rows.get(0).get("user_id");
                if (refresh(rows.get(0), identity, userId)) {
                    event("user.updated", userId, identity.provider(), "identity-updated");
                }
                return new SignedIn(userId.toString(), false);
            }
            UUID target = autoLinkTarget(identity);
            boolean created = target == null;
            if (created) {
                target = UUID.randomUUID();
                jdbc.update(
                        "insert into auth_user (id, email, email_verified, display_name, given_name, family_name)"
                                + " values (?, ?, ?, ?, ?, ?)",
                        target,
                        identity.email(),
                        identity.emailVerified(),
                        displayName(identity.givenName(), identity.familyName()),
                        identity.givenName(),
                        identity.familyName());
            }
            insertIdentity(target, identity, null);
            event(
                    created ? "user.created" : "user.updated",
                    target,
                    identity.provider(),
                    created ? "sign-in" : "auto-linked");
            return new SignedIn(target.toString(), created);
        }));
    }

    /** Links another identity to a signed-in user: never takes an identity from another user. */
    public List<String> link(String userId, ProviderIdentity identity) {
        UUID user = UUID.fromString(userId);
        return retryingRaces(() -> transactions.execute(status -> {
            List<UUID> owner = jdbc.queryForList(
                    "select user_id from auth_identity where provider = ? and subject = ?",
                    UUID.class,
                    identity.provider(),
                    identity.subject());
            if (!owner.isEmpty()) {
                if (!owner.get(0).equals(user)) {
                    throw new ProblemException(
                            ProblemType.CONFLICT, "This " + identity.provider() + " account belongs to another user");
                }
                return providers(user);
            }
            requireUser(user);
            if (providers(user).contains(identity.provider())) {
                throw new ProblemException(
                        ProblemType.CONFLICT,
                        "Another " + identity.provider() + " account is already linked; unlink it first");
            }
            insertIdentity(user, identity, null);
            event("user.updated", user, identity.provider(), "identity-linked");
            return providers(user);
        }));
    }

    /** Removes a way in, never the last one. */
    public List<String> unlink(String userId, String provider) {
        UUID user = UUID.fromString(userId);
        return transactions.execute(status -> {
            jdbc.queryForList("select id from auth_user where id = ? for update", user);
            List<String> providers = providers(user);
            if (!providers.contains(provider)) {
                throw new ProblemException(ProblemType.NOT_FOUND, "No " + provider + " sign-in is linked");
            }
            if (providers.size() == 1) {
                throw new ProblemException(ProblemType.CONFLICT, "The last way to sign in cannot be removed");
            }
            jdbc.update("delete from auth_identity where user_id = ? and provider = ?", user, provider);
            event("user.updated", user, provider, "identity-unlinked");
            return providers(user);
        });
    }

    /** Creates a user with an email/password way in; 409 when the address is taken. */
    public SignedIn register(String email, String passwordHash, String name) {
        try {
            return transactions.execute(status -> {
                UUID user = UUID.randomUUID();
                jdbc.update(
                        "insert into auth_user (id, email, email_verified, display_name) values (?, ?, false, ?)",
                        user,
                        email,
                        name);
                ProviderIdentity identity =
                        new ProviderIdentity(PASSWORD, email.toLowerCase(Locale.ROOT), email, false, false, null, null);
                if (!insertIdentity(user, identity, passwordHash)) {
                    throw new DuplicateKeyException("email taken");
                }
                event("user.created", user, PASSWORD, "registered");
                return new SignedIn(user.toString(), true);
            });
        } catch (DuplicateKeyException e) {
            throw new ProblemException(ProblemType.CONFLICT, "An account with this email already exists");
        }
    }

    /** The user id and bcrypt hash of an email/password account, or null. */
    public Map<String, Object> passwordAccount(String email) {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "select user_id, password_hash from auth_identity where provider = ? and subject = ?",
                PASSWORD,
                email.toLowerCase(Locale.ROOT));
        return rows.isEmpty() ? null : rows.get(0);
    }

    public List<String> providers(UUID user) {
        return jdbc.queryForList(
                "select provider from auth_identity where user_id = ? order by provider", String.class, user);
    }

    private void requireUser(UUID user) {
        if (jdbc.queryForList("select id from auth_user where id = ? for update", user)
                .isEmpty()) {
            throw new ProblemException(ProblemType.UNAUTHENTICATED, "The user no longer exists");
        }
    }

    /**
     * A user to attach a new identity to: only when the provider vouches for the address, only an
     * exact (case-insensitive) match with a user's verified address, and never a user who already
     * has an identity of this provider. A relay address matches only itself, never a real one.
     */
    private UUID autoLinkTarget(ProviderIdentity identity) {
        if (!identity.emailVerified() || identity.email() == null) {
            return null;
        }
        List<UUID> candidates = jdbc.queryForList(
                "select u.id from auth_user u where u.email_verified and lower(u.email) = lower(?)"
                        + " and not exists (select 1 from auth_identity i where i.user_id = u.id and i.provider = ?)"
                        + " order by u.created_at limit 1 for update",
                UUID.class,
                identity.email(),
                identity.provider());
        return candidates.isEmpty() ? null : candidates.get(0);
    }

    /** Inserts unless (provider, subject) exists; a concurrent insert makes this transaction lose. */
    private boolean insertIdentity(UUID user, ProviderIdentity identity, String passwordHash) {
        int inserted = jdbc.update(
                "insert into auth_identity (user_id, provider, subject, email, email_verified, private_email,"
                        + " given_name, family_name, password_hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " on conflict (provider, subject) do nothing",
                user,
                identity.provider(),
                identity.subject(),
                identity.email(),
                identity.emailVerified(),
                identity.privateEmail(),
                identity.givenName(),
                identity.familyName(),
                passwordHash);
        if (inserted == 0 && passwordHash == null) {
            throw new LostRace();
        }
        return inserted == 1;
    }

    /** Updates what the provider now says; names are kept when not sent again (Apple). */
    private boolean refresh(Map<String, Object> row, ProviderIdentity identity, UUID userId) {
        String given = identity.givenName() == null ? (String) row.get("given_name") : identity.givenName();
        String family = identity.familyName() == null ? (String) row.get("family_name") : identity.familyName();
        String email = identity.email() == null ? (String) row.get("email") : identity.email();
        boolean verified = identity.email() == null ? (Boolean) row.get("email_verified") : identity.emailVerified();
        boolean changed = !Objects.equals(given, row.get("given_name"))
                || !Objects.equals(family, row.get("family_name"))
                || !Objects.equals(email, row.get("email"))
                || verified != (Boolean) row.get("email_verified");
        if (!changed) {
            return false;
        }
        jdbc.update(
                "update auth_identity set email = ?, email_verified = ?, given_name = ?, family_name = ?,"
                        + " updated_at = now() where provider = ? and subject = ?",
                email,
                verified,
                given,
                family,
                identity.provider(),
                identity.subject());
        jdbc.update(
                "update auth_user set given_name = coalesce(given_name, ?), family_name = coalesce(family_name, ?),"
                        + " display_name = coalesce(display_name, ?), updated_at = now() where id = ?",
                given,
                family,
                displayName(given, family),
                userId);
        return true;
    }

    private void event(String type, UUID user, String provider, String reason) {
        outbox.append(
                type,
                "user",
                user.toString(),
                Map.of("userId", user.toString(), "provider", provider, "reason", reason));
    }

    private static String displayName(String given, String family) {
        String name = ((given == null ? "" : given) + " " + (family == null ? "" : family)).trim();
        return name.isEmpty() ? null : name;
    }

    private static <T> T retryingRaces(Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (LostRace | DuplicateKeyException e) {
                if (attempt >= 3) {
                    throw new ProblemException(ProblemType.CONFLICT, "Concurrent sign-in; please retry");
                }
            }
        }
    }
}
