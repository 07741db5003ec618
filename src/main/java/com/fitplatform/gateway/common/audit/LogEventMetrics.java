package com.fitplatform.gateway.common.audit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Counts log events by level as {@code logback.events} (tag {@code level}), the meter of Micrometer's
 * {@code LogbackMetrics}, which {@code config/application.yaml} leaves out: that one is a Logback
 * turbo filter, consulted on every {@code isTraceEnabled()}-style check of every library (Camel,
 * HttpClient and Tomcat ask several times per request): 3.7 % of the CPU samples of a profiled
 * ai-proxy benchmark step.
 * An appender on the root logger sees only the events that are logged.
 */
@Component
public class LogEventMetrics implements DisposableBean {

    static final String APPENDER = "gateway-log-event-metrics";

    private final LoggerContext context;
    private final Appender appender;

    @Autowired
    public LogEventMetrics(MeterRegistry registry) {
        this((LoggerContext) LoggerFactory.getILoggerFactory(), registry);
    }

    LogEventMetrics(LoggerContext context, MeterRegistry registry) {
        this.context = context;
        this.appender = new Appender(registry);
        appender.setContext(context);
        appender.setName(APPENDER);
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    }

    @Override
    public void destroy() {
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        appender.stop();
    }

    private static final class Appender extends AppenderBase<ILoggingEvent> {
        private final Counter error;
        private final Counter warn;
        private final Counter info;
        private final Counter debug;
        private final Counter trace;

        Appender(MeterRegistry registry) {
            error = counter(registry, "error");
            warn = counter(registry, "warn");
            info = counter(registry, "info");
            debug = counter(registry, "debug");
            trace = counter(registry, "trace");
        }

        private static Counter counter(MeterRegistry registry, String level) {
            return Counter.builder("logback.events")
                    .tags("level", level)
                    .description("Number of log events that were logged, by level")
                    .baseUnit("events")
                    .register(registry);
        }

        @Override
        protected void append(ILoggingEvent event) {
            switch (event.getLevel().toInt()) {
                case Level.ERROR_INT -> error.increment();
                case Level.WARN_INT -> warn.increment();
                case Level.INFO_INT -> info.increment();
                case Level.DEBUG_INT -> debug.increment();
                case Level.TRACE_INT -> trace.increment();
                default -> {}
            }
        }
    }
}
