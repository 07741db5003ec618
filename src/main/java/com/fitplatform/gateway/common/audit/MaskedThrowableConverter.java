package com.fitplatform.gateway.common.audit;

import ch.qos.logback.classic.pattern.ExtendedThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;

/** Logback stack traces with exception messages masked: they often quote the data that failed. */
public class MaskedThrowableConverter extends ExtendedThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy proxy) {
        return PiiMasker.mask(super.throwableProxyToString(proxy));
    }
}
