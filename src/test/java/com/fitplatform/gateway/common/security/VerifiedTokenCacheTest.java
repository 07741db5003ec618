package com.fitplatform.gateway.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class VerifiedTokenCacheTest {

    private static final Instant START = Instant.parse("2026-12-03T12:00:00Z");
    private static final Duration SKEW = Duration.ofSeconds(30);

    private final MovableClock clock = new MovableClock(START);
    private final List<String> fullChecks = new ArrayList<>();
    private JWKSet keys = JwtKeyRingKeys.fresh();

    /** The full check: counts its calls, refuses "forged", accepts anything else for 15 minutes. */
    private final JwtDecoder fullCheck = token -> {
        fullChecks.add(token);
        if (token.startsWith("forged")
                || !clock.instant().isBefore(START.plus(Duration.ofMinutes(15)).plus(SKEW))) {
            throw new BadJwtException("refused");
        }
        return Jwt.withTokenValue(token)
                .header("alg", "ES256")
                .subject("user-1")
                .issuedAt(START)
                .expiresAt(START.plus(Duration.ofMinutes(15)))
                .build();
    };

    private final VerifiedTokenCache cache =
            new VerifiedTokenCache(fullCheck, () -> keys, SKEW, 100, Duration.ofMinutes(5), clock);

    @Test
    void aTokenSeenAgainIsNotVerifiedAgain() {
        Jwt first = cache.decode("token-a");
        Jwt second = cache.decode("token-a");

        assertThat(second).isSameAs(first);
        assertThat(fullChecks).containsExactly("token-a");
    }

    @Test
    void aRefusedTokenIsCheckedInFullEveryTime() {
        assertThatThrownBy(() -> cache.decode("forged-1")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> cache.decode("forged-1")).isInstanceOf(BadJwtException.class);

        assertThat(fullChecks).containsExactly("forged-1", "forged-1");
    }

    @Test
    void aRememberedTokenPastItsExpiryGoesBackToTheFullCheckAndFails() {
        cache.decode("token-b");
        clock.moveTo(START.plus(Duration.ofMinutes(15)).plus(SKEW).plusSeconds(1));

        assertThatThrownBy(() -> cache.decode("token-b")).isInstanceOf(BadJwtException.class);
        assertThat(fullChecks).containsExactly("token-b", "token-b");
    }

    @Test
    void withinTheClockSkewARememberedTokenIsStillAnswered() {
        cache.decode("token-c");
        clock.moveTo(START.plus(Duration.ofMinutes(15)).plusSeconds(10));

        cache.decode("token-c");
        assertThat(fullChecks).containsExactly("token-c");
    }

    @Test
    void aNewKeyRingSendsEveryTokenThroughTheFullCheckAgain() {
        cache.decode("token-d");
        keys = JwtKeyRingKeys.fresh();

        cache.decode("token-d");
        cache.decode("token-d");
        assertThat(fullChecks).containsExactly("token-d", "token-d");
    }

    /** Key sets are compared by identity; any distinct instance stands for a rotated ring. */
    private static final class JwtKeyRingKeys {
        static JWKSet fresh() {
            return new JWKSet(JwtKeyRing.newKey());
        }
    }

    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void moveTo(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
