package com.fitplatform.gateway.ops.routes;

import com.fitplatform.gateway.common.resilience.ResiliencePolicies;
import com.fitplatform.gateway.common.resilience.ResilienceProperties;
import com.fitplatform.gateway.ops.GatewayConfigChanged;
import com.fitplatform.gateway.ops.GatewayConfigValidator;
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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.stereotype.Component;

/**
 * Applies edits of the YAML files in config/ that the running gateway loaded (application.yaml and
 * the per-area files it imports): the edited file is parsed, the whole configuration is re-bound
 * with it, the resilience policy table and every {@link GatewayConfigValidator} must accept it;
 * only then is the file's property source swapped in the live {@code Environment} and
 * {@link GatewayConfigChanged} published. What changes live: the resilience policies (timeouts,
 * retry schedules, breaker settings; a changed breaker is replaced by a new, closed one, the
 * Camel bean {@code <service>CircuitBreaker} is re-bound, and the route files using that service's
 * breaker or policy placeholders are rebuilt, see {@link RouteFiles#rebuildUsing}) and any area
 * that listens to the event. Everything else bound at start keeps its value until a restart.
 * Files not loaded at start (another profile's) are ignored.
 */
@Component
public class ConfigFiles {

    private static final Logger log = LoggerFactory.getLogger(ConfigFiles.class);
    private static final Pattern FILE_SOURCE = Pattern.compile("\\[(.+?\\.ya?ml)]");

    private final ConfigurableEnvironment environment;
    private final ResiliencePolicies policies;
    private final ObjectProvider<GatewayConfigValidator> validators;
    private final ApplicationEventPublisher events;
    private final CamelContext camel;
    private final OpsChanges changes;
    private final ChangeLock lock;
    private final RouteFiles routeFiles;
    private final Path directory;
    private final Counter failures;
    private final Map<String, String> applied = new ConcurrentHashMap<>();
    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private final Map<String, String> refusedContent = new ConcurrentHashMap<>();
    private final Map<String, RouteFileProblem> problems = new ConcurrentHashMap<>();

    public ConfigFiles(
            ConfigurableEnvironment environment,
            ResiliencePolicies policies,
            ObjectProvider<GatewayConfigValidator> validators,
            ApplicationEventPublisher events,
            CamelContext camel,
            OpsChanges changes,
            ChangeLock lock,
            RouteFiles routeFiles,
            OpsProperties properties,
            MeterRegistry meters) {
        this.environment = environment;
        this.policies = policies;
        this.validators = validators;
        this.events = events;
        this.camel = camel;
        this.changes = changes;
        this.lock = lock;
        this.routeFiles = routeFiles;
        this.directory = Path.of(properties.configDirectory());
        this.failures = Counter.builder("gateway.routes.reload.failures")
                .description("Route or config file edits refused or failed")
                .tag("kind", "config")
                .register(meters);
        for (String file : loadedFiles().keySet()) {
            String content = read(file);
            if (content != null) {
                applied.put(file, content);
                seen.put(file, content);
            }
        }
    }

    /** One poll: applies loaded config files whose content changed and was the same twice in a row. */
    public void poll() {
        for (String file : loadedFiles().keySet()) {
            String content = read(file);
            if (content == null) {
                continue; // a deleted config file keeps its last values until a restart
            }
            String previous = seen.put(file, content);
            if (!content.equals(previous)) {
                continue;
            }
            if (content.equals(applied.get(file))) {
                problems.remove(file);
                refusedContent.remove(file);
                continue;
            }
            if (content.equals(refusedContent.get(file))) {
                continue;
            }
            reload(file, OpsChanges.FILE_WATCHER);
        }
    }

    public List<ReloadOutcome> reloadAll(String actor) {
        List<ReloadOutcome> outcomes = new ArrayList<>();
        for (String file : loadedFiles().keySet()) {
            outcomes.add(reload(file, actor));
        }
        return outcomes;
    }

    public Map<String, RouteFileProblem> problems() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(problems));
    }

    /** Validates and applies one config file; serialized with every other live change. */
    public ReloadOutcome reload(String file, String actor) {
        lock.lock();
        try {
            String before = applied.get(file);
            String after = read(file);
            if (after == null || Objects.equals(before, after)) {
                return new ReloadOutcome(file, "unchanged", List.of(), null);
            }
            String diff = UnifiedDiff.of(file, before, after);
            ReloadOutcome outcome;
            try {
                Set<String> keys = apply(file, after, actor);
                applied.put(file, after);
                problems.remove(file);
                refusedContent.remove(file);
                outcome = new ReloadOutcome(file, "applied", List.of(), "changed keys: " + keys);
                log.info("Config file {} applied by {}: {}", file, actor, keys);
            } catch (InvalidChangeException e) {
                refusedContent.put(file, after);
                problems.put(file, new RouteFileProblem(file, e.getMessage(), Instant.now()));
                failures.increment();
                outcome = new ReloadOutcome(file, "refused", List.of(), e.getMessage());
                log.warn("Config file {} refused, running configuration unchanged: {}", file, e.getMessage());
            }
            changes.record(actor, "config-file", file, outcome.outcome(), outcome.detail(), diff);
            return outcome;
        } finally {
            lock.unlock();
        }
    }

    private Set<String> apply(String file, String content, String actor) throws InvalidChangeException {
        List<String> names = loadedFiles().get(file);
        List<PropertySource<?>> parsed;
        try {
            parsed = new YamlPropertySourceLoader()
                    .load(file, new ByteArrayResource(content.getBytes(StandardCharsets.UTF_8), file));
        } catch (IOException | RuntimeException e) {
            throw new InvalidChangeException(file + ": not valid YAML: " + RouteFiles.rootMessage(e));
        }
        // A file imported from two places is loaded twice (same content): a one-document file
        // replaces each copy; a multi-document file must keep its number of documents.
        if (parsed.size() != names.size() && parsed.size() != 1) {
            throw new InvalidChangeException(file + ": has " + parsed.size() + " YAML documents, the running"
                    + " configuration " + names.size() + "; adding or removing documents needs a restart");
        }
        if (parsed.isEmpty()) {
            throw new InvalidChangeException(file + ": is empty; removing a whole file needs a restart");
        }
        MutablePropertySources candidate = new MutablePropertySources();
        Map<String, PropertySource<?>> replacements = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            replacements.put(names.get(i), rename(parsed.get(parsed.size() == 1 ? 0 : i), names.get(i)));
        }
        Set<String> keys = new TreeSet<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)) {
                continue;
            }
            PropertySource<?> replacement = replacements.get(source.getName());
            if (replacement != null) {
                keys.addAll(changedKeys(source, replacement));
            }
            candidate.addLast(replacement == null ? source : replacement);
        }
        Binder binder = new Binder(
                ConfigurationPropertySources.from(candidate), new PropertySourcesPlaceholdersResolver(candidate));
        List<String> errors = new ArrayList<>();
        ResilienceProperties resilience = null;
        try {
            resilience = binder.bindOrCreate("gateway.resilience", Bindable.of(ResilienceProperties.class));
            for (String service : resilience.services().keySet()) {
                resilience.policy(service);
            }
        } catch (RuntimeException e) {
            errors.add("resilience policies: " + RouteFiles.rootMessage(e));
        }
        for (GatewayConfigValidator validator : validators) {
            try {
                errors.addAll(validator.validate(binder));
            } catch (RuntimeException e) {
                errors.add(validator.getClass().getSimpleName() + ": " + RouteFiles.rootMessage(e));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidChangeException(file + ": " + String.join("; ", errors));
        }
        replacements.forEach((name, source) -> environment.getPropertySources().replace(name, source));
        Set<String> services = policies.reconfigure(resilience);
        for (String service : services) {
            camel.getRegistry().bind(ResiliencePolicies.camelBeanName(service), policies.breaker(service));
        }
        if (!services.isEmpty()) {
            routeFiles.rebuildUsing(services, actor);
        }
        if (!keys.isEmpty()) {
            events.publishEvent(new GatewayConfigChanged(file, keys));
        }
        return keys;
    }

    /** The config files the running gateway loaded, each with the names of its property sources. */
    private Map<String, List<String>> loadedFiles() {
        Map<String, List<String>> files = new LinkedHashMap<>();
        Path root = directory.toAbsolutePath().normalize();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)) {
                continue;
            }
            Matcher matcher = FILE_SOURCE.matcher(source.getName());
            if (!matcher.find()) {
                continue;
            }
            Path path = Path.of(matcher.group(1)).toAbsolutePath().normalize();
            if (path.getParent() != null && path.getParent().equals(root)) {
                files.computeIfAbsent(path.getFileName().toString(), f -> new ArrayList<>())
                        .add(source.getName());
            }
        }
        return files;
    }

    private static PropertySource<?> rename(PropertySource<?> source, String name) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (source instanceof EnumerablePropertySource<?> enumerable) {
            for (String key : enumerable.getPropertyNames()) {
                values.put(key, enumerable.getProperty(key));
            }
        }
        return new org.springframework.core.env.MapPropertySource(name, values);
    }

    private static Set<String> changedKeys(PropertySource<?> before, PropertySource<?> after) {
        Set<String> keys = new TreeSet<>();
        Set<String> all = new TreeSet<>();
        if (before instanceof EnumerablePropertySource<?> a) {
            all.addAll(List.of(a.getPropertyNames()));
        }
        if (after instanceof EnumerablePropertySource<?> b) {
            all.addAll(List.of(b.getPropertyNames()));
        }
        for (String key : all) {
            if (!Objects.equals(String.valueOf(before.getProperty(key)), String.valueOf(after.getProperty(key)))) {
                keys.add(key);
            }
        }
        return keys;
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

    /** For tests and the console: the files that reload live. */
    public Set<String> files() {
        try (Stream<String> names = loadedFiles().keySet().stream()) {
            return new TreeSet<>(names.toList());
        }
    }
}
