package com.fitplatform.gateway.bench;

import io.gatling.javaapi.core.ChainBuilder;

/**
 * An integration scenario of {@link GatewayRoundTripSimulation}: what it sets up before the first
 * step (outside Gatling's measurements) and the requests of one virtual user in a step.
 */
interface Workload {

    /**
     * Runs once before the first step, unmeasured: pre-minted tokens, payment attempts to settle.
     *
     * @param arrivals virtual users the steps will start (open model), to size what is prepared
     */
    default void prepare(long arrivals) throws Exception {}

    /**
     * The requests of one virtual user of a step. The first request's name must be {@code stepName}:
     * the report reads the step's statistics under that name.
     *
     * @param tag unique text naming this step in this run, written into the data the step sends so the
     *     database figures can be attributed to the step
     */
    ChainBuilder call(String stepName, String tag);

    /** A line for the Gatling log after the run (what was prepared, what ran short); empty for none. */
    default String summary() {
        return "";
    }
}
