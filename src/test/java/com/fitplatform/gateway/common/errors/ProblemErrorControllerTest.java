package com.fitplatform.gateway.common.errors;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

class ProblemErrorControllerTest {

    private final ProblemErrorController controller = new ProblemErrorController();

    @Test
    void aFullExchangePoolIsA503WithRetryAfterNotAnInternalError() {
        // What Tomcat hands to the error dispatch when platform-http cannot queue the exchange.
        MockHttpServletRequest request = errorDispatch(
                500,
                new ServletException(
                        "Request processing failed", new TaskRejectedException("ExecutorService in active state")));

        ResponseEntity<String> response = controller.error(request);

        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(response.getHeaders().getContentType()).hasToString(Problem.MEDIA_TYPE);
        assertThat(response.getBody())
                .contains(ProblemType.SERVICE_UNAVAILABLE.uri().toString())
                .contains("\"instance\":\"/api/probes/echo\"")
                .doesNotContain("TaskRejected")
                .doesNotContain("ExecutorService");
    }

    @Test
    void otherExceptionsStayInternalErrorsWithoutDetails() {
        MockHttpServletRequest request = errorDispatch(500, new IllegalStateException("secret internals"));

        ResponseEntity<String> response = controller.error(request);

        assertThat(response.getStatusCode().value()).isEqualTo(500);
        assertThat(response.getHeaders().containsKey("Retry-After")).isFalse();
        assertThat(response.getBody()).contains("internal-error").doesNotContain("secret internals");
    }

    @Test
    void aBareStatusKeepsItsType() {
        ResponseEntity<String> response = controller.error(errorDispatch(404, null));

        assertThat(response.getStatusCode().value()).isEqualTo(404);
        assertThat(response.getBody()).contains("not-found");
    }

    private static MockHttpServletRequest errorDispatch(int status, Throwable thrown) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/api/probes/echo");
        if (thrown != null) {
            request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, thrown);
        }
        return request;
    }
}
