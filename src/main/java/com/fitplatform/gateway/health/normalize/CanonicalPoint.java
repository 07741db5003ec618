package com.fitplatform.gateway.health.normalize;

import java.time.Instant;
import java.util.Map;

/**
 * One canonical point with its source: the provider, the device where known, the provider's record
 * id and the value and unit as the provider sent them. {@code value2} is the diastolic pressure.
 */
public record CanonicalPoint(
        String metric,
        Instant start,
        Instant end,
        double value,
        Double value2,
        String unit,
        String provider,
        String device,
        String sourceRecordId,
        String originalValue,
        String originalUnit,
        Map<String, Object> details,
        Instant sourceUpdatedAt) {}
