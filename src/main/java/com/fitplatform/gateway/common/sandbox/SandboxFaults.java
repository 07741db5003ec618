package com.fitplatform.gateway.common.sandbox;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Faults every fake can be put into, so the quickstart and the tests can show the gateway under
 * failure: {@code PUT /sandbox/_faults/<fake>} with {@code {"mode":"slow","delayMillis":3000}},
 * {@code {"mode":"fail","status":503}} or {@code {"mode":"down"}}; {@code DELETE} heals it.
 * A fake calls {@link #apply(String)} first thing in each handler.
 */
@SandboxFake
public class SandboxFaults {

    /** What a fake does instead of (or before) answering normally. */
    public record Fault(String mode, Long delayMillis, Integer status) {
        public Fault {
            if (!Map.of("slow", 1, "fail", 1, "down", 1).containsKey(mode)) {
                throw new IllegalArgumentException("mode is slow, fail or down");
            }
        }
    }

    /** Raised by {@link #apply} for the "down" mode: 503 at once, as from a load balancer with no backend. */
    @ResponseStatus(HttpStatus.SERVICE_UNAVAILABLE)
    public static final class FakeDown extends RuntimeException {
        FakeDown(String fake) {
            super("Sandbox fake " + fake + " is down");
        }
    }

    private final Map<String, Fault> faults = new ConcurrentHashMap<>();

    @PutMapping("/sandbox/_faults/{fake}")
    public Fault set(@PathVariable String fake, @RequestBody Fault fault) {
        faults.put(fake, fault);
        return fault;
    }

    @DeleteMapping("/sandbox/_faults/{fake}")
    public ResponseEntity<Void> heal(@PathVariable String fake) {
        faults.remove(fake);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/sandbox/_faults")
    public Map<String, Fault> list() {
        return Map.copyOf(faults);
    }

    /** The fake's current fault, or null: for a fake that reports failure in its own format. */
    public Fault current(String fake) {
        return faults.get(fake);
    }

    /** Applies the fake's current fault, if any: waits, or fails the request. */
    public void apply(String fake) {
        Fault fault = faults.get(fake);
        if (fault == null) {
            return;
        }
        switch (fault.mode()) {
            case "slow" -> sleep(Duration.ofMillis(fault.delayMillis() == null ? 5000 : fault.delayMillis()));
            case "fail" -> throw new ResponseStatusException(
                    HttpStatus.valueOf(fault.status() == null ? 503 : fault.status()), "Sandbox fault");
            case "down" -> throw new FakeDown(fake);
            default -> {}
        }
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
