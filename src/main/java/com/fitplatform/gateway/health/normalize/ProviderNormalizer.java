package com.fitplatform.gateway.health.normalize;

import com.fasterxml.jackson.databind.JsonNode;

/** Turns one provider's payloads into canonical points. One bean per provider. */
public interface ProviderNormalizer {

    /** The provider name used in raw messages and the table: fitbit, garmin, google-fit... */
    String provider();

    /**
     * Normalizes one payload of the given kind.
     *
     * @param kind what the payload is (steps, heart, sleep, weight, dailies, samples, records...)
     * @param options hints from the fetch (the user's UTC offset, the unit system asked for)
     */
    void normalize(String kind, JsonNode payload, JsonNode options, PointSink sink);
}
