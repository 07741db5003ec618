package com.fitplatform.gateway.ops;

import com.fitplatform.gateway.common.security.GatewayTokens;
import com.fitplatform.gateway.common.security.JwtKeyRing;
import com.fitplatform.gateway.common.security.JwtProperties;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Ops commands that need no running gateway, only its keys (from {@code GATEWAY_JWT_KEYS} or the
 * key file):
 *
 * <pre>
 * token --subject ops-alice --roles ops [--scopes a,b] [--ttl PT1H]   print a signed gateway JWT
 * keys                                                                print a JWK set with a new key first
 * </pre>
 *
 * Run from the jar: {@code java -Dloader.main=com.fitplatform.gateway.ops.OpsCommand -cp
 * target/integration-gateway.jar org.springframework.boot.loader.launch.PropertiesLauncher token ...}
 */
public final class OpsCommand {

    private OpsCommand() {}

    public static void main(String[] args) {
        if (args.length == 0) {
            usage();
        }
        Map<String, String> options = options(Arrays.copyOfRange(args, 1, args.length));
        JwtProperties properties = new JwtProperties(
                env("GATEWAY_JWT_ISSUER", "https://gateway.fitplatform.dev"),
                env("GATEWAY_JWT_AUDIENCE", "fitplatform"),
                env("GATEWAY_JWT_KEYS", ""),
                options.getOrDefault("key-file", env("GATEWAY_JWT_KEY_FILE", "./data/keys/jwt-signing-keys.json")),
                true,
                2,
                Duration.ofSeconds(30),
                Duration.ofDays(30),
                0,
                Duration.ZERO);
        switch (args[0]) {
            case "token" -> {
                String subject = required(options, "subject");
                List<String> roles = list(options.getOrDefault("roles", "service"));
                List<String> scopes = list(options.getOrDefault("scopes", ""));
                Duration ttl = Duration.parse(options.getOrDefault("ttl", "PT1H"));
                JwtKeyRing keys = JwtKeyRing.load(properties);
                System.out.println(new GatewayTokens(keys, properties).issue(subject, roles, scopes, ttl, Map.of()));
            }
            case "keys" -> {
                List<JWK> next = new ArrayList<>();
                next.add(JwtKeyRing.newKey());
                if (!properties.keys().isBlank()) {
                    next.addAll(JwtKeyRing.load(properties).all().getKeys());
                }
                System.out.println(new JWKSet(next).toString(false));
            }
            default -> usage();
        }
    }

    private static void usage() {
        System.err.println("usage: token --subject NAME [--roles ops,service] [--scopes a,b] [--ttl PT1H]"
                + " [--key-file PATH] | keys");
        System.exit(2);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                usage();
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            usage();
        }
        return value;
    }

    private static List<String> list(String csv) {
        return Arrays.stream(csv.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
