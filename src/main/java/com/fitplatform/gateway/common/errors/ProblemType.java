package com.fitplatform.gateway.common.errors;

import java.net.URI;

/** The stable problem types callers can branch on; the URI is an identifier, not a page to fetch. */
public enum ProblemType {
    MALFORMED_REQUEST(400, "malformed-request", "The request could not be read"),
    INVALID_REQUEST(400, "invalid-request", "The request is not valid"),
    UNAUTHENTICATED(401, "unauthenticated", "Authentication is required"),
    FORBIDDEN(403, "forbidden", "Not allowed"),
    NOT_FOUND(404, "not-found", "No such resource"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(406, "not-acceptable", "No acceptable representation"),
    CONFLICT(409, "conflict", "Conflict with the current state"),
    IDEMPOTENCY_IN_PROGRESS(409, "idempotency-key-in-use", "A request with this Idempotency-Key is still running"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "The request body is too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported content type"),
    IDEMPOTENCY_MISMATCH(
            422, "idempotency-key-reused", "The Idempotency-Key was already used with a different request"),
    UNPROCESSABLE(422, "unprocessable", "The request cannot be processed"),
    TOO_MANY_REQUESTS(429, "too-many-requests", "Too many requests"),
    INTERNAL(500, "internal-error", "Internal error"),
    BAD_GATEWAY(502, "bad-gateway", "The upstream service answered badly"),
    SERVICE_UNAVAILABLE(503, "service-unavailable", "A service the gateway depends on is unavailable"),
    GATEWAY_TIMEOUT(504, "gateway-timeout", "A service the gateway depends on did not answer in time");

    /** Prefix of every problem type URI. */
    public static final String BASE = "https://gateway.fitplatform.dev/problems/";

    private final int status;
    private final String slug;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public URI uri() {
        return URI.create(BASE + slug);
    }

    /** The type that best describes a bare HTTP status. */
    public static ProblemType forStatus(int status) {
        for (ProblemType type : values()) {
            if (type.status == status) {
                return type;
            }
        }
        return status >= 500 ? INTERNAL : INVALID_REQUEST;
    }
}
