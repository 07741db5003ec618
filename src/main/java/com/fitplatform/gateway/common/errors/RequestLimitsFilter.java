package com.fitplatform.gateway.common.errors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Set;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The gateway's door policy for request bodies, applied before any route runs: bodies over the
 * limit get 413, a non-JSON body where JSON is expected 415, and JSON that does not parse 400 with
 * the line and column of the problem. Bodies that pass are kept in memory for later readers.
 */
@Component
@Order(RequestLimitsFilter.ORDER)
public class RequestLimitsFilter extends OncePerRequestFilter {

    /** After Spring Security (-100), so unauthenticated callers learn nothing about body rules. */
    public static final int ORDER = 0;

    private static final Set<String> METHODS_WITH_BODY = Set.of("POST", "PUT", "PATCH");
    private static final JsonFactory JSON = new JsonFactory();

    private final HttpLimitsProperties limits;
    private final AntPathMatcher paths = new AntPathMatcher();

    public RequestLimitsFilter(HttpLimitsProperties limits) {
        this.limits = limits;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long max = limits.maxBodySize().toBytes();
        if (request.getContentLengthLong() > max) {
            ProblemResponses.write(
                    request, response, ProblemType.PAYLOAD_TOO_LARGE, "The body may have at most " + max + " bytes");
            return;
        }
        byte[] body = readAtMost(request.getInputStream(), max);
        if (body == null) {
            ProblemResponses.write(
                    request, response, ProblemType.PAYLOAD_TOO_LARGE, "The body may have at most " + max + " bytes");
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (body.length > 0 && METHODS_WITH_BODY.contains(request.getMethod()) && expectsJson(path)) {
            if (!isJson(request.getContentType())) {
                ProblemResponses.write(
                        request,
                        response,
                        ProblemType.UNSUPPORTED_MEDIA_TYPE,
                        "Send the body as application/json, not " + describe(request.getContentType()));
                return;
            }
            String syntaxError = jsonSyntaxError(body);
            if (syntaxError != null) {
                ProblemResponses.write(request, response, ProblemType.MALFORMED_REQUEST, syntaxError);
                return;
            }
        }
        chain.doFilter(new CachedBodyRequest(request, body), response);
    }

    private boolean expectsJson(String path) {
        return limits.jsonPaths().stream().anyMatch(p -> paths.match(p, path))
                && limits.formPaths().stream().noneMatch(p -> paths.match(p, path));
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.isCompatibleWith(MediaType.APPLICATION_JSON)
                    || type.getSubtype().toLowerCase(Locale.ROOT).endsWith("+json");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String describe(String contentType) {
        return contentType == null ? "no content type" : contentType.replaceAll("[^\\w/+.;= -]", "?");
    }

    /** Null when the body is not well-formed JSON is not the case; otherwise what is wrong and where. */
    static String jsonSyntaxError(byte[] body) {
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() == null) {
                return "The body is empty";
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                return "Unexpected content after the JSON value at line "
                        + parser.currentLocation().getLineNr() + ", column "
                        + parser.currentLocation().getColumnNr();
            }
            return null;
        } catch (JsonProcessingException e) {
            return "Malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage();
        } catch (IOException e) {
            return "The body could not be read";
        }
    }

    /** The whole body, or null when it is longer than {@code max}. */
    private static byte[] readAtMost(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long total = 0;
        int read;
        while ((read = in.read(buffer)) != -1) {
            total += read;
            if (total > max) {
                return null;
            }
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }
}
