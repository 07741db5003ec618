package com.fitplatform.gateway.common.idempotency;

import com.fitplatform.gateway.common.errors.ProblemResponses;
import com.fitplatform.gateway.common.errors.ProblemType;
import com.fitplatform.gateway.common.errors.RequestLimitsFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.springframework.core.annotation.Order;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.util.AntPathMatcher;
import org.springframework.util.StreamUtils;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.web.util.WebUtils;

/**
 * Makes POST requests with an {@code Idempotency-Key} safe to retry: the first answer is stored and
 * replayed for the replay window (with {@code Idempotent-Replayed: true}), the same key with a
 * different body is 422, and the same key while the first request still runs is 409. Keys are
 * scoped to the caller and the endpoint, so two callers never see each other's answers.
 */
@Component
@Order(IdempotencyFilter.ORDER)
public class IdempotencyFilter extends OncePerRequestFilter {

    /** After the door policy, which has cached the body. */
    public static final int ORDER = RequestLimitsFilter.ORDER + 10;

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private static final Pattern ACCEPTABLE_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private final IdempotencyStore store;
    private final IdempotencyProperties properties;
    private final AntPathMatcher paths = new AntPathMatcher();

    public IdempotencyFilter(IdempotencyStore store, IdempotencyProperties properties) {
        this.store = store;
        this.properties = properties;
    }

    private static final String CLAIM = IdempotencyFilter.class.getName() + ".claim";

    /** The claim a request holds while its route runs, possibly past the first servlet dispatch. */
    private record HeldClaim(String scope, String key) {}

    // Camel's platform-http answers asynchronously: the answer is only complete on the async dispatch.
    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = path(request);
        return !"POST".equals(request.getMethod())
                || properties.paths().stream().noneMatch(p -> paths.match(p, path))
                || properties.excludedPaths().stream().anyMatch(p -> !p.isBlank() && paths.match(p, path));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isAsyncDispatch(request)) {
            finishAsync(request, response, chain);
            return;
        }
        String key = request.getHeader(HEADER);
        if (key == null) {
            if (properties.requiredPaths().stream().anyMatch(p -> !p.isBlank() && paths.match(p, path(request)))) {
                ProblemResponses.write(
                        request, response, ProblemType.INVALID_REQUEST, "This endpoint requires an Idempotency-Key");
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        if (!ACCEPTABLE_KEY.matcher(key).matches()) {
            ProblemResponses.write(
                    request,
                    response,
                    ProblemType.INVALID_REQUEST,
                    "An Idempotency-Key is 1 to 255 visible ASCII characters");
            return;
        }
        byte[] body = StreamUtils.copyToByteArray(request.getInputStream());
        String scope = caller() + " " + request.getMethod() + " " + path(request);
        IdempotencyStore.Claim claim =
                store.claim(scope, key, hash(body), properties.replayWindow(), properties.inProgressTimeout());
        if (claim instanceof IdempotencyStore.Completed done) {
            replay(response, done);
        } else if (claim instanceof IdempotencyStore.Mismatch) {
            ProblemResponses.write(
                    request,
                    response,
                    ProblemType.IDEMPOTENCY_MISMATCH,
                    "This Idempotency-Key was used with a different request body");
        } else if (claim instanceof IdempotencyStore.InProgress) {
            response.setHeader("Retry-After", "1");
            ProblemResponses.write(
                    request,
                    response,
                    ProblemType.IDEMPOTENCY_IN_PROGRESS,
                    "The first request with this Idempotency-Key has not finished");
        } else {
            runOnce(request, response, chain, scope, key);
        }
    }

    private void runOnce(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain, String scope, String key)
            throws ServletException, IOException {
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        HeldClaim claim = new HeldClaim(scope, key);
        request.setAttribute(CLAIM, claim);
        boolean finished = false;
        try {
            chain.doFilter(request, recorded);
            if (isAsyncStarted(request)) {
                return;
            }
            finish(claim, recorded);
            finished = true;
        } finally {
            if (!finished && !isAsyncStarted(request)) {
                store.release(scope, key);
                recorded.copyBodyToResponse();
            }
        }
    }

    private void finishAsync(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HeldClaim claim = (HeldClaim) request.getAttribute(CLAIM);
        ContentCachingResponseWrapper recorded =
                WebUtils.getNativeResponse(response, ContentCachingResponseWrapper.class);
        try {
            chain.doFilter(request, response);
        } finally {
            if (claim != null && recorded != null && !isAsyncStarted(request)) {
                finish(claim, recorded);
            }
        }
    }

    /** Stores a final answer (anything but 5xx) for replay, or forgets the claim; then sends the answer. */
    private void finish(HeldClaim claim, ContentCachingResponseWrapper recorded) throws IOException {
        int status = recorded.getStatus();
        try {
            if (status < 500) {
                store.complete(
                        claim.scope(),
                        claim.key(),
                        status,
                        recorded.getContentType(),
                        recorded.getHeader("Location"),
                        recorded.getContentAsByteArray());
            } else {
                store.release(claim.scope(), claim.key());
            }
        } finally {
            recorded.copyBodyToResponse();
        }
    }

    private static void replay(HttpServletResponse response, IdempotencyStore.Completed done) throws IOException {
        response.setStatus(done.status());
        response.setHeader(REPLAYED_HEADER, "true");
        if (done.contentType() != null) {
            response.setContentType(done.contentType());
        }
        if (done.location() != null) {
            response.setHeader("Location", done.location());
        }
        byte[] body = done.body() == null ? new byte[0] : done.body();
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static String caller() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null ? "anonymous" : authentication.getName();
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    static String hash(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
