package com.fitplatform.gateway.common.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The gateway's signing keys: the first signs, every key verifies and is published, so tokens
 * signed before a rotation stay valid until they expire. Keys come from the environment
 * ({@code GATEWAY_JWT_KEYS}) or from a key file the embedded default creates on first start.
 */
public class JwtKeyRing {

    private volatile JWKSet keys;
    private final Path keyFile;
    private final int retainedPreviousKeys;

    private JwtKeyRing(JWKSet keys, Path keyFile, int retainedPreviousKeys) {
        this.keys = requireSigningKey(keys);
        this.keyFile = keyFile;
        this.retainedPreviousKeys = retainedPreviousKeys;
    }

    /** Loads the keys named by the properties, creating the key file when that is allowed. */
    public static JwtKeyRing load(JwtProperties properties) {
        try {
            if (!properties.keys().isBlank()) {
                return new JwtKeyRing(JWKSet.parse(properties.keys()), null, properties.retainedPreviousKeys());
            }
            Path file = Path.of(properties.keyFile());
            if (Files.exists(file)) {
                return new JwtKeyRing(JWKSet.parse(Files.readString(file)), file, properties.retainedPreviousKeys());
            }
            if (!properties.generateKeyFile()) {
                throw new IllegalStateException("No JWT signing keys: set GATEWAY_JWT_KEYS or provide "
                        + file.toAbsolutePath() + " (the ops command 'keys' makes one)");
            }
            JwtKeyRing ring = new JwtKeyRing(new JWKSet(newKey()), file, properties.retainedPreviousKeys());
            ring.save();
            return ring;
        } catch (ParseException e) {
            throw new IllegalStateException("The JWT signing keys are not a valid JWK set: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("The JWT key file cannot be read or written: " + e.getMessage(), e);
        }
    }

    /** A new P-256 signing key with a time-ordered key id. */
    public static ECKey newKey() {
        try {
            return new ECKeyGenerator(Curve.P_256)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256)
                    .keyID("gw-" + Instant.now().getEpochSecond() + "-"
                            + UUID.randomUUID().toString().substring(0, 8))
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate an EC key", e);
        }
    }

    public ECKey signingKey() {
        return (ECKey) keys.getKeys().get(0);
    }

    /** Every key, private parts included: for verification inside the gateway only. */
    public JWKSet all() {
        return keys;
    }

    /** The public keys, as served at {@code /.well-known/jwks.json}. */
    public Map<String, Object> publicJwks() {
        return keys.toPublicJWKSet().toJSONObject();
    }

    /**
     * Puts a new key in front and keeps {@code retainedPreviousKeys} older ones. Only for keys held
     * in a key file: keys from the environment rotate by changing the environment.
     */
    public synchronized String rotate() throws IOException {
        if (keyFile == null) {
            throw new IllegalStateException(
                    "Keys come from GATEWAY_JWT_KEYS: rotate by putting a new key first there (ops command 'keys')");
        }
        List<JWK> next = new ArrayList<>();
        ECKey fresh = newKey();
        next.add(fresh);
        keys.getKeys().stream().limit(retainedPreviousKeys).forEach(next::add);
        keys = new JWKSet(next);
        save();
        return fresh.getKeyID();
    }

    private void save() throws IOException {
        Files.createDirectories(keyFile.toAbsolutePath().getParent());
        Path temporary = keyFile.resolveSibling(keyFile.getFileName() + ".tmp");
        Files.writeString(temporary, keys.toString(false));
        try {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system; the directory's permissions must do.
        }
        Files.move(temporary, keyFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static JWKSet requireSigningKey(JWKSet keys) {
        if (keys.getKeys().isEmpty()
                || !(keys.getKeys().get(0) instanceof ECKey first)
                || !first.isPrivate()
                || first.getKeyID() == null) {
            throw new IllegalStateException("The first JWT key must be a private EC P-256 key with a kid");
        }
        return keys;
    }
}
