package com.fitplatform.gateway.common.requestid;

import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/** Names and rules of the request id, shared by the HTTP, Camel and JMS sides. */
public final class RequestIds {

    /** HTTP header, Camel header and (encoded by Camel's JMS key format) JMS property. */
    public static final String HEADER = "X-Request-Id";

    /**
     * The JMS property that carries {@link #HEADER}: Camel's JMS key format writes each hyphen as
     * {@code _HYPHEN_}, so code that sends with a plain JmsTemplate must use this name for Camel
     * consumers to read the header back.
     */
    public static final String JMS_PROPERTY = HEADER.replace("-", "_HYPHEN_");

    /** Key in the logging context. */
    public static final String MDC_KEY = "requestId";

    static final String ATTRIBUTE = RequestIds.class.getName();

    // A caller's id is reused only when it cannot smuggle anything into logs or headers.
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {}

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    /** The caller's id if it is acceptable, otherwise a new one. */
    public static String acceptOrCreate(String offered) {
        return offered != null && ACCEPTABLE.matcher(offered).matches() ? offered : newId();
    }

    /** The id of this HTTP request, or of the current thread's work when called elsewhere. */
    public static String current(HttpServletRequest request) {
        Object id = request.getAttribute(ATTRIBUTE);
        return id != null ? id.toString() : MDC.get(MDC_KEY);
    }

    /** The id of the current thread's work, if any. */
    public static String current() {
        return MDC.get(MDC_KEY);
    }
}
