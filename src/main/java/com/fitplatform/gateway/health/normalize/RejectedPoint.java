package com.fitplatform.gateway.health.normalize;

/** A point refused by validation, kept with the reason (and the provider's record for inspection). */
public record RejectedPoint(String metric, String sourceRecordId, String reason, Object payload) {}
