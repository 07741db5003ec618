package com.fitplatform.gateway.health.normalize;

import java.util.List;

/**
 * What the normalize route queues for the store route: the canonical points of one raw message,
 * the points it rejected and the records it did not know, plus the sync job and days they cover.
 */
public record NormalizedBatch(
        String userId,
        String provider,
        String jobId,
        List<String> days,
        List<CanonicalPoint> points,
        List<RejectedPoint> rejected,
        List<UnknownRecord> unknown) {}
