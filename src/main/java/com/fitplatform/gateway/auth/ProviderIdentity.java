package com.fitplatform.gateway.auth;

/**
 * Who a provider says the user is. {@code emailVerified} is the provider's own statement;
 * {@code privateEmail} marks relay addresses (Apple's private relay) that only match themselves.
 */
public record ProviderIdentity(
        String provider,
        String subject,
        String email,
        boolean emailVerified,
        boolean privateEmail,
        String givenName,
        String familyName) {

    public static final String APPLE_RELAY_DOMAIN = "@privaterelay.appleid.com";

    public ProviderIdentity {
        email = email == null || email.isBlank() ? null : email.trim();
        privateEmail = privateEmail
                || email != null && email.toLowerCase(java.util.Locale.ROOT).endsWith(APPLE_RELAY_DOMAIN);
    }

    public ProviderIdentity withNames(String given, String family) {
        return new ProviderIdentity(
                provider,
                subject,
                email,
                emailVerified,
                privateEmail,
                given == null ? givenName : given,
                family == null ? familyName : family);
    }

    /** Reads a provider's boolean claim: a JSON boolean or the strings "true"/"false" (Apple). */
    public static boolean flag(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        return value instanceof String s && "true".equalsIgnoreCase(s.trim());
    }
}
