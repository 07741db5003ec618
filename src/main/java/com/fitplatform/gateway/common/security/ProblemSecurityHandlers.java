package com.fitplatform.gateway.common.security;

import com.fitplatform.gateway.common.audit.InboundAuditFilter;
import com.fitplatform.gateway.common.errors.ProblemResponses;
import com.fitplatform.gateway.common.errors.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/** Security refusals as problem+json: 401 with a bearer challenge, 403 for a missing role or scope. */
final class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        boolean badToken = failure instanceof InvalidBearerTokenException
                || failure.getCause() instanceof org.springframework.security.oauth2.jwt.JwtException;
        response.setHeader(
                "WWW-Authenticate", badToken ? "Bearer error=\"invalid_token\"" : "Bearer realm=\"gateway\"");
        request.setAttribute(InboundAuditFilter.ERROR_CLASS, failure.getClass().getSimpleName());
        ProblemResponses.write(
                request,
                response,
                ProblemType.UNAUTHENTICATED,
                badToken ? "The bearer token is not valid" : "Send a gateway JWT as 'Authorization: Bearer <token>'");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        request.setAttribute(InboundAuditFilter.ERROR_CLASS, denied.getClass().getSimpleName());
        ProblemResponses.write(
                request, response, ProblemType.FORBIDDEN, "The token lacks the role or scope this endpoint needs");
    }
}
