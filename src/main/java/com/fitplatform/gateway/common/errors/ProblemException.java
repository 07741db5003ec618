package com.fitplatform.gateway.common.errors;

import java.util.Map;

/**
 * Thrown by beans and processors to answer the caller with a specific problem. The detail must be
 * safe to show: it reaches the caller and the audit log (masked, but still: no secrets here).
 */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final Map<String, Object> extensions;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, Map.of());
    }

    public ProblemException(ProblemType type, String detail, Map<String, Object> extensions) {
        super(detail);
        this.type = type;
        this.extensions = Map.copyOf(extensions);
    }

    public ProblemException(ProblemType type, String detail, Throwable cause) {
        super(detail, cause);
        this.type = type;
        this.extensions = Map.of();
    }

    public ProblemType type() {
        return type;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }
}
