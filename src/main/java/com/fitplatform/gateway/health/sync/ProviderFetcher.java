package com.fitplatform.gateway.health.sync;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** Pulls a range of days from one provider for one user. One bean per pull provider. */
public interface ProviderFetcher {

    String provider();

    /** Most days one fetch covers. */
    int daysPerRequest();

    /** Days back the provider lets the gateway read; {@code Integer.MAX_VALUE} when unlimited. */
    default int historyLimitDays() {
        return Integer.MAX_VALUE;
    }

    Fetch fetch(String userId, LocalDate from, LocalDate to) throws Exception;

    /** A raw part: what the provider sent for one kind. */
    record Part(String kind, Object payload, Map<String, Object> options) {}

    /**
     * What a fetch got. {@code rateLimitedUntil} set and no parts: nothing fetched, wait. Parts and
     * {@code notBefore}: fetched, but the next request must wait (quota nearly used up).
     */
    record Fetch(List<Part> parts, Instant rateLimitedUntil, Instant notBefore) {
        public static Fetch ok(List<Part> parts, Instant notBefore) {
            return new Fetch(parts, null, notBefore);
        }

        public static Fetch rateLimited(Instant until) {
            return new Fetch(List.of(), until, null);
        }
    }
}
