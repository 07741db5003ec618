package com.fitplatform.gateway.ops.routes;

import com.fitplatform.gateway.common.resilience.ResiliencePolicies;
import com.fitplatform.gateway.ops.OpsChanges;
import com.fitplatform.gateway.ops.OpsProperties;
import com.fitplatform.gateway.ops.UnifiedDiff;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.CircuitBreakerDefinition;
import org.apache.camel.model.EndpointRequiredDefinition;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ProcessDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ToDynamicDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Applies edits of the Camel YAML files in the routes directory to the running context, one file
 * at a time and only after validation: the YAML must parse into Camel's model, follow the house
 * rules (one route per file, id = file name), and every endpoint, bean, route configuration and
 * placeholder it names must resolve in the running gateway. An invalid file changes nothing (the
 * running routes keep running) and is reported; a valid one replaces exactly the routes of that
 * file: each old route is stopped gracefully (in-flight exchanges finish, up to Camel's shutdown
 * timeout), removed, and the new definitions are added and started. If they fail to start, the old
 * definitions are restored. Every attempt lands in the change audit.
 */
@Component
public class RouteFiles {

    private static final Logger log = LoggerFactory.getLogger(RouteFiles.class);
    private static final String SUFFIX = ".camel.yaml";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}]+)}}");

    private final CamelContext camel;
    private final OpsChanges changes;
    private final ChangeLock lock;
    private final Path directory;
    private final MeterRegistry meters;
    private final Counter failures;
    /** File name to the content the running routes were built from. */
    private final Map<String, String> applied = new ConcurrentHashMap<>();
    /** File name to the content last seen by the poller (a change applies once two polls agree). */
    private final Map<String, String> seen = new ConcurrentHashMap<>();
    /** File name to refused content, so a broken file is reported once, not on every poll. */
    private final Map<String, String> refusedContent = new ConcurrentHashMap<>();

    private final Map<String, RouteFileProblem> problems = new ConcurrentHashMap<>();

    public RouteFiles(
            CamelContext camel, OpsChanges changes, ChangeLock lock, OpsProperties properties, MeterRegistry meters) {
        this.camel = camel;
        this.changes = changes;
        this.lock = lock;
        this.directory = Path.of(properties.routesDirectory());
        this.meters = meters;
        this.failures = Counter.builder("gateway.routes.reload.failures")
                .description("Route or config file edits refused or failed")
                .tag("kind", "route")
                .register(meters);
        for (String file : listFiles()) {
            String content = read(file);
            if (content != null) {
                applied.put(file, content);
                seen.put(file, content);
            }
        }
    }

    /** One poll of the directory: applies files whose content changed and was the same twice in a row. */
    public void poll() {
        Set<String> names = new TreeSet<>(listFiles());
        names.addAll(applied.keySet());
        for (String file : names) {
            String content = read(file);
            String previous = seen.put(file, content == null ? "\0deleted" : content);
            String current = content == null ? "\0deleted" : content;
            if (!current.equals(previous)) {
                continue; // still being written: wait for a second identical read
            }
            if (Objects.equals(content, applied.get(file))) {
                // Reverted to what runs: an earlier refused edit is no longer a problem.
                problems.remove(file);
                refusedContent.remove(file);
                continue;
            }
            if (current.equals(refusedContent.get(file))) {
                continue;
            }
            reload(file, OpsChanges.FILE_WATCHER);
        }
    }

    /** Reloads every file that differs from what is running ({@code POST /ops/routes/reload}). */
    public List<ReloadOutcome> reloadAll(String actor) {
        Set<String> names = new TreeSet<>(listFiles());
        names.addAll(applied.keySet());
        List<ReloadOutcome> outcomes = new ArrayList<>();
        for (String file : names) {
            outcomes.add(reload(file, actor));
        }
        return outcomes;
    }

    /** Validates and applies one file's current content; serialized with every other live change. */
    public ReloadOutcome reload(String file, String actor) {
        lock.lock();
        try {
            String before = applied.get(file);
            String after = read(file);
            if (Objects.equals(before, after)) {
                refusedContent.remove(file);
                return new ReloadOutcome(file, "unchanged", routeIdsOf(file), null);
            }
            String diff = UnifiedDiff.of(file, before, after);
            ReloadOutcome outcome;
            try {
                outcome = after == null ? remove(file) : apply(file, after);
                if (outcome.outcome().equals("applied") || outcome.outcome().equals("removed")) {
                    if (after == null) {
                        applied.remove(file);
                    } else {
                        applied.put(file, after);
                    }
                    problems.remove(file);
                    refusedContent.remove(file);
                    log.info("Route file {} {} by {}: routes {}", file, outcome.outcome(), actor, outcome.routeIds());
                } else {
                    refusedContent.put(file, after == null ? "\0deleted" : after);
                    problems.put(file, new RouteFileProblem(file, outcome.detail(), Instant.now()));
                    log.warn("Route file {} {}: {}", file, outcome.outcome(), outcome.detail());
                }
            } catch (InvalidChangeException e) {
                outcome = new ReloadOutcome(file, "refused", routeIdsOf(file), e.getMessage());
                refusedContent.put(file, after);
                problems.put(file, new RouteFileProblem(file, e.getMessage(), Instant.now()));
                failures.increment();
                log.warn("Route file {} refused, running routes unchanged: {}", file, e.getMessage());
            }
            if (outcome.outcome().equals("failed")) {
                failures.increment();
            }
            meters.counter("gateway.routes.reloads", "outcome", outcome.outcome())
                    .increment();
            changes.record(actor, "route-file", file, outcome.outcome(), outcome.detail(), diff);
            return outcome;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Rebuilds, from the content they run, the routes of every file that uses one of these services'
     * policies (its breaker bean or a {@code {{resilience.<service>.*}}} placeholder). A route
     * resolves both when it is built, so a live policy edit reaches it only through a rebuild; the
     * swap is an edit's (validated, graceful, previous routes restored on failure) and is recorded.
     */
    public List<ReloadOutcome> rebuildUsing(Set<String> services, String actor) {
        lock.lock();
        try {
            List<ReloadOutcome> outcomes = new ArrayList<>();
            for (Map.Entry<String, String> file : new TreeMap<>(applied).entrySet()) {
                if (services.stream().noneMatch(service -> usesPolicy(file.getValue(), service))) {
                    continue;
                }
                ReloadOutcome outcome;
                try {
                    outcome = apply(file.getKey(), file.getValue());
                } catch (InvalidChangeException e) {
                    outcome = new ReloadOutcome(file.getKey(), "refused", routeIdsOf(file.getKey()), e.getMessage());
                }
                if (outcome.outcome().equals("applied")) {
                    log.info("Routes {} rebuilt by {} for the new policy of {}", outcome.routeIds(), actor, services);
                } else {
                    failures.increment();
                    log.warn(
                            "Routes of {} not rebuilt for the policy of {}: {}",
                            file.getKey(),
                            services,
                            outcome.detail());
                }
                changes.record(
                        actor,
                        "route-rebuild",
                        file.getKey(),
                        outcome.outcome(),
                        "policy of " + String.join(", ", services),
                        null);
                outcomes.add(outcome);
            }
            return outcomes;
        } finally {
            lock.unlock();
        }
    }

    static boolean usesPolicy(String routeFile, String service) {
        return routeFile.contains(ResiliencePolicies.camelBeanName(service))
                || routeFile.contains("{{resilience." + service + ".");
    }

    /** Files refused since their last good version, with the reason. */
    public Map<String, RouteFileProblem> problems() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(problems));
    }

    /** The file a route came from ({@code probe-find.camel.yaml}), or null. */
    public String sourceFile(String routeId) {
        RouteDefinition definition = model().getRouteDefinition(routeId);
        if (definition == null || definition.getResource() == null) {
            return null;
        }
        return fileName(definition.getResource().getLocation());
    }

    private ReloadOutcome remove(String file) throws InvalidChangeException {
        List<RouteDefinition> old = definitionsOf(file);
        if (old.isEmpty() && !otherDefinitionsOf(file)) {
            return new ReloadOutcome(file, "removed", List.of(), null);
        }
        if (otherDefinitionsOf(file)) {
            return new ReloadOutcome(
                    file, "restart-required", List.of(), "REST and route-configuration files change at the next start");
        }
        stopAndRemove(old);
        return new ReloadOutcome(file, "removed", List.of(), "routes removed: " + ids(old));
    }

    private ReloadOutcome apply(String file, String content) throws InvalidChangeException {
        Parsed parsed = validate(file, content);
        if (!parsed.configurations().isEmpty() || parsed.hasRest()) {
            return new ReloadOutcome(
                    file,
                    "restart-required",
                    routeIdsOf(file),
                    "valid, but REST and route-configuration files change at the next start; nothing changed now");
        }
        List<RouteDefinition> old = definitionsOf(file);
        stopAndRemove(old);
        try {
            PluginHelper.getRoutesLoader(camel).loadRoutes(resource(file, content));
            return new ReloadOutcome(file, "applied", ids(parsed.routes()), null);
        } catch (Exception e) {
            // Valid on paper but would not start (a port in use, a consumer refused): restore the old.
            for (RouteDefinition added : parsed.routes()) {
                try {
                    RouteDefinition live = model().getRouteDefinition(added.getRouteId());
                    if (live != null) {
                        camel.getRouteController().stopRoute(added.getRouteId());
                        model().removeRouteDefinition(live);
                    }
                } catch (Exception cleanup) {
                    log.warn("Could not remove new route {}: {}", added.getRouteId(), cleanup.getMessage());
                }
            }
            try {
                model().addRouteDefinitions(old);
            } catch (Exception restore) {
                log.error("Could not restore the routes of {}: {}", file, restore.getMessage());
            }
            return new ReloadOutcome(
                    file, "failed", ids(old), "could not start, previous routes restored: " + rootMessage(e));
        }
    }

    private void stopAndRemove(List<RouteDefinition> definitions) {
        for (RouteDefinition definition : definitions) {
            try {
                // Graceful: waits for in-flight exchanges (camel.main.shutdown-timeout at most).
                camel.getRouteController().stopRoute(definition.getRouteId());
                model().removeRouteDefinition(definition);
            } catch (Exception e) {
                throw new IllegalStateException("Could not stop route " + definition.getRouteId(), e);
            }
        }
    }

    /** Parses the file into a scratch context and checks it against the running gateway. */
    Parsed validate(String file, String content) throws InvalidChangeException {
        if (!file.endsWith(SUFFIX)) {
            throw new InvalidChangeException(file + ": route files are named <route-id>" + SUFFIX);
        }
        String expectedId = file.substring(0, file.length() - SUFFIX.length());
        List<RouteDefinition> routes;
        List<RouteConfigurationDefinition> configurations;
        boolean rest;
        try (DefaultCamelContext scratch = new DefaultCamelContext()) {
            for (RoutesBuilder builder :
                    PluginHelper.getRoutesLoader(scratch).findRoutesBuilders(resource(file, content))) {
                scratch.addRoutes(builder);
            }
            routes = scratch.getRouteDefinitions().stream()
                    .filter(r -> !Boolean.TRUE.equals(r.isRest()))
                    .toList();
            configurations = scratch.getRouteConfigurationDefinitions();
            rest = !scratch.getRestDefinitions().isEmpty();
        } catch (Exception e) {
            throw new InvalidChangeException(file + ": not valid Camel YAML DSL: " + rootMessage(e));
        }
        if (routes.isEmpty() && configurations.isEmpty() && !rest) {
            throw new InvalidChangeException(file + ": defines no route, route configuration or REST service");
        }
        if (!routes.isEmpty()) {
            if (routes.size() != 1 || !expectedId.equals(routes.get(0).getRouteId())) {
                throw new InvalidChangeException(file + ": one route per file, with id '" + expectedId
                        + "' (the file name); found " + ids(routes));
            }
            String owner = sourceFile(expectedId);
            if (owner != null && !owner.equals(file)) {
                throw new InvalidChangeException(file + ": route id '" + expectedId + "' belongs to " + owner);
            }
        }
        List<String> errors = new ArrayList<>();
        Matcher placeholders = PLACEHOLDER.matcher(content);
        while (placeholders.find()) {
            String key = placeholders.group(1).trim();
            if (!key.startsWith("?")) {
                try {
                    camel.resolvePropertyPlaceholders("{{" + key + "}}");
                } catch (RuntimeException e) {
                    errors.add("placeholder {{" + key + "}} does not resolve");
                }
            }
        }
        Set<String> configurationIds = new TreeSet<>();
        model().getRouteConfigurationDefinitions().forEach(c -> configurationIds.add(c.getId()));
        configurations.forEach(c -> configurationIds.add(c.getId()));
        for (RouteDefinition route : routes) {
            if (route.getRouteConfigurationId() != null) {
                for (String id : route.getRouteConfigurationId().split(",")) {
                    if (!id.isBlank() && !configurationIds.contains(id.trim())) {
                        errors.add("route configuration '" + id.trim() + "' does not exist");
                    }
                }
            }
            checkEndpoint(route.getInput().getEndpointUri(), errors);
            for (ProcessorDefinition<?> step : steps(route)) {
                checkStep(step, errors);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidChangeException(file + ": " + String.join("; ", new TreeSet<>(errors)));
        }
        return new Parsed(routes, configurations, rest);
    }

    private void checkStep(ProcessorDefinition<?> step, List<String> errors) {
        if (step instanceof ToDynamicDefinition dynamic) {
            String uri = dynamic.getUri();
            if (uri != null && !uri.contains("${")) {
                checkEndpoint(uri, errors);
            }
        } else if (step instanceof EndpointRequiredDefinition endpoint) {
            checkEndpoint(endpoint.getEndpointUri(), errors);
        }
        if (step instanceof BeanDefinition bean && bean.getRef() != null) {
            Object target = camel.getRegistry().lookupByName(bean.getRef());
            if (target == null) {
                errors.add("bean '" + bean.getRef() + "' does not exist");
            } else if (bean.getMethod() != null) {
                String method = bean.getMethod().replaceFirst("\\(.*$", "").trim();
                if (Arrays.stream(target.getClass().getMethods())
                        .noneMatch(m -> m.getName().equals(method))) {
                    errors.add("bean '" + bean.getRef() + "' has no method '" + method + "'");
                }
            }
        }
        if (step instanceof ProcessDefinition process
                && process.getRef() != null
                && camel.getRegistry().lookupByName(process.getRef()) == null) {
            errors.add("processor bean '" + process.getRef() + "' does not exist");
        }
        if (step instanceof CircuitBreakerDefinition breaker
                && breaker.getResilience4jConfiguration() != null
                && breaker.getResilience4jConfiguration().getCircuitBreaker() != null) {
            String name = breaker.getResilience4jConfiguration().getCircuitBreaker();
            if (camel.getRegistry().lookupByName(name) == null) {
                errors.add("circuit breaker '" + name + "' does not exist");
            }
        }
    }

    private void checkEndpoint(String uri, List<String> errors) {
        if (uri == null || uri.isBlank()) {
            return;
        }
        String resolved;
        try {
            resolved = camel.resolvePropertyPlaceholders(uri);
        } catch (RuntimeException e) {
            errors.add("endpoint " + uri + ": " + rootMessage(e));
            return;
        }
        try {
            Endpoint endpoint = camel.getEndpoint(resolved);
            if (endpoint == null) {
                errors.add("endpoint " + uri + " does not resolve (unknown component?)");
            }
        } catch (RuntimeException e) {
            errors.add("endpoint " + uri + " does not resolve: " + rootMessage(e));
        }
    }

    /** Every step of a route, including choice branches and circuit breaker fallbacks. */
    private static List<ProcessorDefinition<?>> steps(RouteDefinition route) {
        List<ProcessorDefinition<?>> all = new ArrayList<>();
        Set<Object> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        route.getOutputs().forEach(step -> collect(step, all, visited));
        return all;
    }

    private static void collect(ProcessorDefinition<?> step, List<ProcessorDefinition<?>> all, Set<Object> visited) {
        if (step == null || !visited.add(step)) {
            return;
        }
        all.add(step);
        step.getOutputs().forEach(child -> collect(child, all, visited));
        if (step instanceof ChoiceDefinition choice) {
            choice.getWhenClauses().forEach(when -> when.getOutputs().forEach(child -> collect(child, all, visited)));
            if (choice.getOtherwise() != null) {
                choice.getOtherwise().getOutputs().forEach(child -> collect(child, all, visited));
            }
        }
        if (step instanceof CircuitBreakerDefinition breaker && breaker.getOnFallback() != null) {
            breaker.getOnFallback().getOutputs().forEach(child -> collect(child, all, visited));
        }
    }

    private List<RouteDefinition> definitionsOf(String file) {
        return model().getRouteDefinitions().stream()
                .filter(r -> !Boolean.TRUE.equals(r.isRest()))
                .filter(r -> r.getResource() != null
                        && file.equals(fileName(r.getResource().getLocation())))
                .toList();
    }

    private boolean otherDefinitionsOf(String file) {
        return model().getRouteConfigurationDefinitions().stream()
                        .anyMatch(c -> c.getResource() != null
                                && file.equals(fileName(c.getResource().getLocation())))
                || model().getRestDefinitions().stream()
                        .anyMatch(r -> r.getResource() != null
                                && file.equals(fileName(r.getResource().getLocation())));
    }

    private List<String> routeIdsOf(String file) {
        return ids(definitionsOf(file));
    }

    private static List<String> ids(List<RouteDefinition> routes) {
        return routes.stream().map(RouteDefinition::getRouteId).toList();
    }

    private Resource resource(String file, String content) {
        return ResourceHelper.fromString("file:" + directory.resolve(file), content);
    }

    private ModelCamelContext model() {
        return (ModelCamelContext) camel;
    }

    private List<String> listFiles() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(SUFFIX))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String read(String file) {
        try {
            return Files.readString(directory.resolve(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String fileName(String location) {
        if (location == null) {
            return null;
        }
        String path = location.replaceFirst("^(file|classpath):", "");
        int colon = path.lastIndexOf(':');
        if (colon > 0 && path.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            path = path.substring(0, colon);
        }
        return Path.of(path).getFileName().toString();
    }

    static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() > 500 ? message.substring(0, 500) + "..." : message;
    }

    record Parsed(List<RouteDefinition> routes, List<RouteConfigurationDefinition> configurations, boolean hasRest) {}
}
