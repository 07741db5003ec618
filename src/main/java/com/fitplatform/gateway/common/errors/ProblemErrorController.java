package com.fitplatform.gateway.common.errors;

import com.fitplatform.gateway.common.requestid.RequestIds;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.RejectedExecutionException;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Spring Boot's error page: whatever reached the container's error dispatch (unknown path,
 * wrong method, an exception outside Camel) leaves as problem+json, without internals.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<String> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value ? value : 500;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        Throwable thrown = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        ProblemType type = ProblemType.forStatus(status);
        String detail = null;
        boolean overloaded = false;
        if (thrown instanceof ProblemException problem) {
            type = problem.type();
            detail = problem.getMessage();
        } else if (isOverload(thrown)) {
            // The exchange pool and its queue are full: a load signal the caller should back off
            // from and retry, not an internal error.
            type = ProblemType.SERVICE_UNAVAILABLE;
            detail = "The gateway is at capacity; retry shortly";
            overloaded = true;
        }
        Problem problem = Problem.of(type, detail, uri == null ? null : uri.toString(), RequestIds.current(request));
        ResponseEntity.BodyBuilder response =
                ResponseEntity.status(type.status()).contentType(MediaType.parseMediaType(Problem.MEDIA_TYPE));
        if (overloaded) {
            response.header(HttpHeaders.RETRY_AFTER, "1");
        }
        return response.body(problem.toJson());
    }

    static boolean isOverload(Throwable thrown) {
        // bounded: a cause chain can be cyclic
        Throwable cause = thrown;
        for (int depth = 0; cause != null && depth < 16; depth++, cause = cause.getCause()) {
            if (cause instanceof RejectedExecutionException) {
                return true;
            }
        }
        return false;
    }
}
