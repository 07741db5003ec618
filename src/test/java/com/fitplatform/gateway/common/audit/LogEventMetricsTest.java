package com.fitplatform.gateway.common.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** logback.events counts what is logged, by level, without a turbo filter on every level check. */
class LogEventMetricsTest {

    @Test
    void shouldCountLoggedEventsByLevelAndNothingThatIsNotLogged() {
        LoggerContext context = new LoggerContext();
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LogEventMetrics metrics = new LogEventMetrics(context, registry);
        Logger logger = context.getLogger("com.example.Some");

        logger.error("e");
        logger.warn("w1");
        logger.warn("w2");
        logger.info("i");
        logger.debug("not logged at INFO");
        logger.isTraceEnabled();

        assertThat(count(registry, "error")).isEqualTo(1);
        assertThat(count(registry, "warn")).isEqualTo(2);
        assertThat(count(registry, "info")).isEqualTo(1);
        assertThat(count(registry, "debug")).isZero();
        assertThat(count(registry, "trace")).isZero();
        assertThat(context.getTurboFilterList()).isEmpty();

        metrics.destroy();
        logger.error("after");

        assertThat(count(registry, "error")).as("detached on destroy").isEqualTo(1);
    }

    private static double count(SimpleMeterRegistry registry, String level) {
        return registry.get("logback.events").tag("level", level).counter().count();
    }
}
