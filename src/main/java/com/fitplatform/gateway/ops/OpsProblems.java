package com.fitplatform.gateway.ops;

import com.fitplatform.gateway.common.errors.Problem;
import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;
import com.fitplatform.gateway.common.requestid.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** problem+json answers for the ops and privacy controllers (Spring MVC, beside the Camel routes). */
@RestControllerAdvice(basePackages = "com.fitplatform.gateway.ops")
public class OpsProblems {

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<String> problem(ProblemException e, HttpServletRequest request) {
        return answer(e.type(), e.getMessage(), request);
    }

    @ExceptionHandler({MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class})
    ResponseEntity<String> badParameter(Exception e, HttpServletRequest request) {
        return answer(ProblemType.INVALID_REQUEST, "A query parameter is missing or malformed", request);
    }

    private static ResponseEntity<String> answer(ProblemType type, String detail, HttpServletRequest request) {
        Problem problem = Problem.of(type, detail, request.getRequestURI(), RequestIds.current(request));
        return ResponseEntity.status(type.status())
                .contentType(MediaType.parseMediaType(Problem.MEDIA_TYPE))
                .body(problem.toJson());
    }
}
