package com.fitplatform.gateway.ai;

import com.fitplatform.gateway.support.GatewayClient.Response;
import com.fitplatform.gateway.support.GatewayIntegrationTest;
import com.fitplatform.gateway.support.Tokens;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;

/** Shared helpers of the AI ITs: every test leaves the fakes healthy and the breakers closed. */
abstract class AiTestSupport extends GatewayIntegrationTest {

    static final List<String> AI_SERVICES = List.of("recommendations", "personalization", "analytics");

    @Autowired
    Tokens tokens;

    @AfterEach
    void healFakesAndCloseBreakers() {
        for (String service : AI_SERVICES) {
            gateway().request("DELETE", "/sandbox/_faults/" + service, null).send();
            gateway()
                    .post("/ops/resilience/" + service + "/reset", "{}")
                    .bearer(tokens.ops())
                    .send();
        }
    }

    Response fault(String service, String json) {
        return gateway()
                .request("PUT", "/sandbox/_faults/" + service, json)
                .header("Content-Type", "application/json")
                .send();
    }

    Response recommend(String body) {
        return gateway()
                .post("/api/recommendations/workouts", body)
                .bearer(tokens.service("coach-app"))
                .send();
    }

    static String request(String userId) {
        return """
                {"userId":"%s","fitnessLevel":"intermediate","targetGoal":"weight_loss","availableMinutes":45,
                 "preferences":["running","outdoor"],"recentMetrics":{"avgHeartRate":64,"sleepHours":7.5}}"""
                .formatted(userId);
    }

    Response resilience() {
        return gateway().get("/ops/resilience").bearer(tokens.ops()).send();
    }

    String breakerState(String service) {
        return resilience()
                .json()
                .path("services")
                .path(service)
                .path("breaker")
                .path("state")
                .asText();
    }
}
