package com.fitplatform.gateway.ops.routes;

import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;
import com.fitplatform.gateway.ops.OpsCallers;
import com.fitplatform.gateway.ops.OpsChanges;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Ops control of the running routes. Served by Spring MVC, not by a Camel route, on purpose: the
 * control plane must keep answering while ops stop, reload or break the routes it controls.
 * Security: {@code /ops/**} needs the ops role (SecurityConfiguration).
 */
@RestController
@RequestMapping(path = "/ops", produces = "application/json")
public class RoutesController {

    private final CamelContext camel;
    private final RouteFiles files;
    private final ConfigFiles config;
    private final RouteStatistics statistics;
    private final OpsChanges changes;
    private final ChangeLock lock;

    public RoutesController(
            CamelContext camel,
            RouteFiles files,
            ConfigFiles config,
            RouteStatistics statistics,
            OpsChanges changes,
            ChangeLock lock) {
        this.camel = camel;
        this.files = files;
        this.config = config;
        this.statistics = statistics;
        this.changes = changes;
        this.lock = lock;
    }

    @GetMapping("/routes")
    public Map<String, Object> routes() {
        List<Map<String, Object>> routes = new ArrayList<>();
        for (Route route : camel.getRoutes()) {
            Map<String, Object> each = new LinkedHashMap<>();
            each.put("id", route.getRouteId());
            ServiceStatus status = camel.getRouteController().getRouteStatus(route.getRouteId());
            each.put("state", status == null ? "Unknown" : status.name());
            each.put("sourceFile", files.sourceFile(route.getRouteId()));
            each.put("description", route.getDescription());
            each.put(
                    "from",
                    route.getEndpoint() == null ? null : route.getEndpoint().getEndpointBaseUri());
            each.put("uptimeMillis", route.getUptimeMillis());
            each.put("exchangesTotal", statistics.total(route.getRouteId()));
            each.put("exchangesFailed", statistics.failed(route.getRouteId()));
            each.put("exchangesInflight", camel.getInflightRepository().size(route.getRouteId()));
            routes.add(each);
        }
        routes.sort((a, b) -> String.valueOf(a.get("id")).compareTo(String.valueOf(b.get("id"))));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("routes", routes);
        answer.put("problems", files.problems().values());
        answer.put("configProblems", config.problems().values());
        return answer;
    }

    /** Reloads every changed route file and config file now; ?scope=routes|config narrows it. */
    @PostMapping("/routes/reload")
    public Map<String, Object> reload(@RequestParam(name = "scope", defaultValue = "all") String scope) {
        if (!List.of("all", "routes", "config").contains(scope)) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "scope is all, routes or config");
        }
        String actor = OpsCallers.subject();
        Map<String, Object> answer = new LinkedHashMap<>();
        if (!scope.equals("config")) {
            answer.put("routes", files.reloadAll(actor));
        }
        if (!scope.equals("routes")) {
            answer.put("config", config.reloadAll(actor));
        }
        return answer;
    }

    @PostMapping("/routes/{id}/stop")
    public Map<String, Object> stop(@PathVariable("id") String id) {
        return control(id, false);
    }

    @PostMapping("/routes/{id}/start")
    public Map<String, Object> start(@PathVariable("id") String id) {
        return control(id, true);
    }

    /** The latest live changes, newest first ({@code ?limit=50}, at most 500). */
    @GetMapping("/changes")
    public List<Map<String, Object>> latestChanges(@RequestParam(name = "limit", defaultValue = "50") int limit) {
        if (limit < 1 || limit > 500) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "limit is 1 to 500");
        }
        return changes.latest(limit);
    }

    private Map<String, Object> control(String id, boolean start) {
        if (camel.getRoute(id) == null) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No route " + id);
        }
        String action = start ? "route-start" : "route-stop";
        lock.lock();
        try {
            if (start) {
                camel.getRouteController().startRoute(id);
            } else {
                // Graceful: in-flight exchanges finish first (camel.main.shutdown-timeout at most).
                camel.getRouteController().stopRoute(id);
            }
            changes.record(OpsCallers.subject(), action, id, "applied", null, null);
        } catch (Exception e) {
            changes.record(OpsCallers.subject(), action, id, "failed", RouteFiles.rootMessage(e), null);
            throw new ProblemException(
                    ProblemType.CONFLICT,
                    "Could not " + (start ? "start " : "stop ") + id + ": " + RouteFiles.rootMessage(e));
        } finally {
            lock.unlock();
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", id);
        answer.put("state", camel.getRouteController().getRouteStatus(id).name());
        return answer;
    }
}
