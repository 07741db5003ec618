package com.fitplatform.gateway.ops;

import java.util.Set;

/**
 * Published (a Spring application event) after ops changed a file in config/ and the gateway
 * re-bound it: {@code keys} are the property names whose value changed, appeared or disappeared.
 * The Spring {@code Environment} already answers with the new values; {@code @ConfigurationProperties}
 * records bound at start are NOT re-bound, so an area that wants live changes listens and re-binds
 * its own prefix ({@code Binder.get(environment).bindOrCreate("gateway.payments", ...)}, as the
 * payment routing table does), and checks edits beforehand as a {@link GatewayConfigValidator}.
 */
public record GatewayConfigChanged(String file, Set<String> keys) {

    /** Whether any changed key is {@code prefix} or lies under it. */
    public boolean touches(String prefix) {
        return keys.stream()
                .anyMatch(key -> key.equals(prefix) || key.startsWith(prefix + ".") || key.startsWith(prefix + "["));
    }
}
