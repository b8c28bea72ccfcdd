package io.jobservice.routesfolder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.RoutesLoader;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.SimpleRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every YAML file under routes/ loads, and every route has a unique, explicit id. */
class RoutesFolderTest {

    @Test
    void should_load_every_yaml_route_with_a_unique_id() throws Exception {
        List<Path> files;
        try (Stream<Path> listing = Files.list(Path.of("routes"))) {
            files = listing.filter(p -> p.toString().endsWith(".camel.yaml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        try (CamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setLocation("classpath:application.properties");
            for (String bean : List.of("heartbeater", "requeuer", "periodicScheduler", "runningJobWatcher",
                    "deadPoolReaper", "inProgressReconciler", "statusReaper", "jobLogSweeper")) {
                context.getRegistry().bind(bean, new Object() {
                    public void runOnce() {
                    }
                });
            }
            // stand-ins for the Java handler routes the REST table points at
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    for (String name : List.of("launch-job", "job-action", "list-jobs", "get-job", "executions",
                            "list-queues", "queue-action", "job-log", "stats", "config", "health-live", "health-ready",
                            "openapi", "dashboard-overview", "set-entries", "set-entry-action", "set-entry-delete",
                            "periodic-policies", "workers", "job-hook")) {
                        from("direct:api-" + name).routeId("api-" + name).log("stand-in");
                    }
                }
            });
            context.getRestConfiguration().setComponent("platform-http");
            RoutesLoader loader = PluginHelper.getRoutesLoader(context);
            List<Resource> resources = files.stream().map(p -> ResourceHelper.fromString(p.getFileName().toString(), read(p)))
                    .toList();
            loader.loadRoutes(resources);
            ModelCamelContext model = (ModelCamelContext) context;
            List<String> ids = new ArrayList<>();
            model.getRouteDefinitions().forEach(route -> ids.add(route.getRouteId()));
            model.getRestDefinitions().forEach(rest -> rest.getVerbs().forEach(verb -> ids.add(verb.getRouteId())));
            assertThat(ids).doesNotContainNull().doesNotHaveDuplicates();
            assertThat(ids).contains("housekeeping-heartbeat", "housekeeping-requeue", "housekeeping-periodic-sync",
                    "housekeeping-watch-running", "housekeeping-reap-dead-pools", "housekeeping-reap-status", "housekeeping-sweep-logs", "api-rest-job-log",
                    "api-rest-launch-job", "api-rest-job-action", "api-rest-list-jobs", "api-rest-get-job",
                    "api-rest-executions", "api-rest-stats", "api-rest-config", "api-rest-health-live",
                    "api-rest-health-ready", "api-rest-openapi", "job-webhook", "job-slack", "http-job-post");
            assertThat(model.getRouteTemplateDefinitions()).extracting(t -> t.getId()).containsExactly("periodic-policy");
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
