package com.fitplatform.gateway.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fitplatform.gateway.ai.analytics.AnalyticsSandbox;
import com.fitplatform.gateway.ai.analytics.AnalyticsTrigger;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The daily analytics trigger: once per date across instances, retried, caught up after a failure. */
class AnalyticsTriggerIT extends AiTestSupport {

    @Autowired
    AnalyticsTrigger trigger;

    @Autowired
    AnalyticsSandbox fake;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CamelContext camel;

    @Test
    void shouldAskForADateOnceHoweverManyInstancesFire() throws Exception {
        LocalDate date = LocalDate.of(2022, 5, 10);
        ExecutorService instances = Executors.newFixedThreadPool(4);
        List<Callable<Optional<String>>> fires = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            fires.add(() -> trigger.runFor(date));
        }

        List<Optional<String>> outcomes = new ArrayList<>();
        for (Future<Optional<String>> outcome : instances.invokeAll(fires)) {
            outcomes.add(outcome.get());
        }
        instances.shutdown();

        assertThat(outcomes.stream().filter(Optional::isPresent)).hasSize(1);
        assertThat(fake.runsStarted(date)).isEqualTo(1);
        assertThat(trigger.runFor(date)).isEmpty();
        assertThat(fake.runsStarted(date)).isEqualTo(1);
        assertThat(jdbc.queryForObject(
                        "select status from ai_analytics_run where run_date = ?",
                        String.class,
                        java.sql.Date.valueOf(date)))
                .isEqualTo("requested");
    }

    @Test
    void shouldRecordAFailedRunAndAskAgainOnTheNextTrigger() {
        LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        fault("analytics", "{\"mode\":\"fail\",\"status\":503}");
        int before = fake.requests();

        assertThatThrownBy(() -> trigger.runFor(yesterday)).hasMessageContaining("failed");

        // The retry schedule ran (1 call + 4 retries), the failure is recorded, the claim released.
        assertThat(fake.requests()).isEqualTo(before + 5);
        assertThat(jdbc.queryForObject(
                        "select status from ai_analytics_run where run_date = ?",
                        String.class,
                        java.sql.Date.valueOf(yesterday)))
                .isEqualTo("failed");
        assertThat(fake.runsStarted(yesterday)).isZero();

        gateway().request("DELETE", "/sandbox/_faults/analytics", null).send();
        String outcome = trigger.runDaily();

        assertThat(outcome).contains(yesterday + ": run ");
        assertThat(fake.runsStarted(yesterday)).isEqualTo(1);
        assertThat(trigger.runDaily()).contains("already requested");
        assertThat(fake.runsStarted(yesterday)).isEqualTo(1);
    }

    @Test
    void shouldScheduleTheTriggerFromConfiguration() {
        QuartzEndpoint endpoint =
                camel.getRoute("ai-analytics-trigger").getEndpoint() instanceof QuartzEndpoint q ? q : null;

        assertThat(endpoint).isNotNull();
        assertThat(endpoint.getCron()).isEqualTo("0 0 0 * * ?");
    }
}
