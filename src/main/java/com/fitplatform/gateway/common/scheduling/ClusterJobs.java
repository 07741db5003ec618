package com.fitplatform.gateway.common.scheduling;

import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a job once across every gateway instance: the run is claimed by inserting its key into
 * {@code job_run} (one winner per key, even when all instances fire at the same second), and the
 * claim is released if the job fails so the next trigger retries it.
 */
@Component("clusterJobs")
public class ClusterJobs {

    private static final Logger log = LoggerFactory.getLogger(ClusterJobs.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public ClusterJobs(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /**
     * Runs {@code job} unless this {@code runKey} of it already ran or is running elsewhere.
     *
     * @return the job's outcome, or empty when another instance has (had) this run
     */
    public Optional<String> runOnce(String jobName, String runKey, Supplier<String> job) {
        Boolean claimed = transactions.execute(status -> jdbc.update(
                        "insert into job_run (job_name, run_key) values (?, ?) on conflict do nothing", jobName, runKey)
                == 1);
        if (!Boolean.TRUE.equals(claimed)) {
            log.debug("Job {} run {} belongs to another instance", jobName, runKey);
            return Optional.empty();
        }
        try {
            String outcome = job.get();
            jdbc.update(
                    "update job_run set finished_at = now(), outcome = ? where job_name = ? and run_key = ?",
                    outcome,
                    jobName,
                    runKey);
            log.info("Job {} run {}: {}", jobName, runKey, outcome);
            return Optional.ofNullable(outcome);
        } catch (RuntimeException e) {
            jdbc.update("delete from job_run where job_name = ? and run_key = ?", jobName, runKey);
            throw e;
        }
    }
}
