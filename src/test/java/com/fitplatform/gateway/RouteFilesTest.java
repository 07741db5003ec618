package com.fitplatform.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The build-time check of routes/: every file parses as Camel YAML DSL (an unknown key or a
 * malformed step fails the build here, not at deploy time) and follows the house rules: one flow
 * per file, the file named after its id, each route described.
 */
class RouteFilesTest {

    @TestFactory
    Stream<DynamicTest> everyRouteFileParsesAndIsNamedAfterItsId() throws Exception {
        List<Path> files = routeFiles();
        assertThat(files).isNotEmpty();
        return files.stream()
                .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> check(file)));
    }

    /**
     * REST operations are not inlined into the routes they call (so those stay editable), which
     * makes each operation a route of its own under its id: an operation named like a route would
     * stop the gateway from starting.
     */
    @Test
    void restOperationIdsNeverClashWithRouteIds() throws Exception {
        Set<String> routeIds = new TreeSet<>();
        Set<String> operationIds = new TreeSet<>();
        for (Path file : routeFiles()) {
            try (DefaultCamelContext camel = load(file)) {
                camel.getRouteDefinitions().stream()
                        .filter(route -> !Boolean.TRUE.equals(route.isRest()))
                        .forEach(route -> routeIds.add(route.getRouteId()));
                for (RestDefinition rest : camel.getRestDefinitions()) {
                    for (VerbDefinition verb : rest.getVerbs()) {
                        assertThat(operationIds.add(verb.getId()))
                                .as("REST operation id %s used once", verb.getId())
                                .isTrue();
                    }
                }
            }
        }
        assertThat(operationIds).isNotEmpty().doesNotContainAnyElementsOf(routeIds);
    }

    private static List<Path> routeFiles() throws Exception {
        try (Stream<Path> listing = Files.list(Path.of("routes"))) {
            return listing.filter(p -> p.toString().endsWith(".camel.yaml"))
                    .sorted()
                    .toList();
        }
    }

    private static DefaultCamelContext load(Path file) throws Exception {
        DefaultCamelContext camel = new DefaultCamelContext();
        for (RoutesBuilder builder : PluginHelper.getRoutesLoader(camel)
                .findRoutesBuilders(ResourceHelper.resolveResource(camel, "file:" + file))) {
            camel.addRoutes(builder);
        }
        return camel;
    }

    private static void check(Path file) throws Exception {
        String expectedId = file.getFileName().toString().replace(".camel.yaml", "");
        try (DefaultCamelContext camel = load(file)) {
            ModelCamelContext model = camel;
            List<RouteDefinition> routes = model.getRouteDefinitions().stream()
                    .filter(route -> !Boolean.TRUE.equals(route.isRest()))
                    .toList();
            List<RouteConfigurationDefinition> configurations = model.getRouteConfigurationDefinitions();
            List<RestDefinition> rests = model.getRestDefinitions();

            if (!routes.isEmpty()) {
                assertThat(routes).as("one route per file").hasSize(1);
                assertThat(routes.get(0).getRouteId()).isEqualTo(expectedId);
                assertThat(routes.get(0).getDescriptionText())
                        .as("route description")
                        .isNotBlank();
                assertThat(configurations).isEmpty();
            } else if (!configurations.isEmpty()) {
                assertThat(configurations).hasSize(1);
                assertThat(configurations.get(0).getId()).isEqualTo(expectedId);
            } else {
                assertThat(rests)
                        .as("a file holds a route, a route configuration or REST definitions")
                        .isNotEmpty();
                assertThat(rests.get(0).getId()).isEqualTo(expectedId);
            }
        }
    }
}
