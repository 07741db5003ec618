package com.fitplatform.gateway.ai.recommendations;

import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;

/** Who may ask for whom: an internal service for any user, a user only for themselves. */
public final class CallerChecks {

    private CallerChecks() {}

    public static void mayActFor(String subject, String userId) {
        if (subject == null || subject.startsWith("service:")) {
            return;
        }
        if (!subject.equals(userId)) {
            throw new ProblemException(ProblemType.FORBIDDEN, "A user may ask only for their own recommendations");
        }
    }
}
