package com.fitplatform.gateway.health.normalize;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects what a provider normalizer makes of one payload: plausible points, rejected points with
 * their reason, and unknown records. Checks every point against its metric's plausible range.
 */
public final class PointSink {

    private final String provider;
    private final Instant receivedAt;
    private final List<CanonicalPoint> points = new ArrayList<>();
    private final List<RejectedPoint> rejected = new ArrayList<>();
    private final List<UnknownRecord> unknown = new ArrayList<>();

    public PointSink(String provider, Instant receivedAt) {
        this.provider = provider;
        this.receivedAt = receivedAt;
    }

    public String provider() {
        return provider;
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    /** A point builder for one metric; {@code add()} validates and keeps it (or records the rejection). */
    public Builder point(Metric metric, String sourceRecordId) {
        return new Builder(metric, sourceRecordId);
    }

    public void reject(String metric, String sourceRecordId, String reason, Object payload) {
        rejected.add(new RejectedPoint(metric, sourceRecordId, reason, payload));
    }

    public void unknown(String type, String recordKey, Object payload) {
        unknown.add(new UnknownRecord(type, recordKey, payload));
    }

    public List<CanonicalPoint> points() {
        return points;
    }

    public List<RejectedPoint> rejected() {
        return rejected;
    }

    public List<UnknownRecord> unknown() {
        return unknown;
    }

    /** One point being built. */
    public final class Builder {
        private final Metric metric;
        private final String sourceRecordId;
        private Instant start;
        private Instant end;
        private Double value;
        private Double value2;
        private String device;
        private String originalValue;
        private String originalUnit;
        private Map<String, Object> details;
        private Instant updatedAt;
        private Object payload;

        private Builder(Metric metric, String sourceRecordId) {
            this.metric = metric;
            this.sourceRecordId = sourceRecordId;
        }

        public Builder time(Instant start, Instant end) {
            this.start = start;
            this.end = end == null ? start : end;
            return this;
        }

        /** The canonical value and what the provider sent. */
        public Builder value(double canonical, String originalValue, String originalUnit) {
            this.value = canonical;
            this.originalValue = originalValue;
            this.originalUnit = originalUnit;
            return this;
        }

        public Builder value2(Double value2) {
            this.value2 = value2;
            return this;
        }

        public Builder device(String device) {
            this.device = device == null || device.isBlank() ? null : device;
            return this;
        }

        public Builder detail(String name, Object value) {
            if (value != null) {
                if (details == null) {
                    details = new LinkedHashMap<>();
                }
                details.put(name, value);
            }
            return this;
        }

        public Builder updatedAt(Instant updatedAt) {
            this.updatedAt = updatedAt;
            return this;
        }

        /** The provider's record, kept with a rejection. */
        public Builder payload(Object payload) {
            this.payload = payload;
            return this;
        }

        public void add() {
            if (start == null || value == null) {
                reject(metric.id(), sourceRecordId, "missing time or value", payload);
                return;
            }
            if (end.isBefore(start)) {
                reject(metric.id(), sourceRecordId, "end before start", payload);
                return;
            }
            var problem = metric.implausible(value);
            if (problem.isEmpty() && value2 != null) {
                problem = metric.implausible(value2);
            }
            if (problem.isPresent()) {
                reject(metric.id(), sourceRecordId, problem.get(), payload);
                return;
            }
            points.add(new CanonicalPoint(
                    metric.id(),
                    start,
                    end,
                    value,
                    value2,
                    metric.unit(),
                    provider,
                    device,
                    sourceRecordId,
                    originalValue,
                    originalUnit,
                    details,
                    updatedAt == null ? receivedAt : updatedAt));
        }
    }
}
