package io.jobservice.jobcomponent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import io.jobservice.json.Json;
import io.jobservice.routesfolder.RoutesFolderWatcher;
import io.jobservice.support.Jobs;
import io.jobservice.support.LogCapture;
import io.jobservice.support.StoreFixture;
import io.jobservice.support.TestAppExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Job types as YAML routes in a live routes folder: a copy of the repository's routes/ in a temporary folder, to
 * which the tests add, edit and delete job route files while the service runs.
 */
class RouteJobsIT {

    /** Adding, editing or deleting a file changes the job types within this time (issue 7). */
    static final Duration RELOAD = Duration.ofSeconds(2);
    static final Path ROUTES = copyOfTheRoutesFolder();

    @RegisterExtension
    static final TestAppExtension APP = TestAppExtension.perClass().workers(4)
            .property("jobservice.routes.dir", ROUTES.toString()).fileJobLoggers();
    static final StoreFixture STORE = APP.store();

    static Path copyOfTheRoutesFolder() {
        try {
            Path copy = Files.createTempDirectory("routes-");
            try (Stream<Path> files = Files.list(Path.of("routes"))) {
                for (Path file : files.toList()) {
                    Files.copy(file, copy.resolve(file.getFileName()));
                }
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String jobRoute(String name, String options, String steps) {
        return """
                - route:
                    id: job-%s
                    from:
                      uri: "job:%s%s"
                      steps:
                %s""".formatted(name.toLowerCase(), name, options, steps.indent(8));
    }

    static void write(String file, String yaml) throws IOException {
        // written aside and moved in, so the watcher never reads half a file
        Path temp = Files.createTempFile(ROUTES.getParent(), "route-", ".tmp");
        Files.writeString(temp, yaml);
        Files.move(temp, ROUTES.resolve(file), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    static int submitStatus(String name, String parameters) {
        return APP.postJson("/api/v1/jobs", Jobs.generic(name, parameters)).statusCode();
    }

    static String log(String jobId) {
        return APP.get("/api/v1/jobs/" + jobId + "/log").body();
    }

    static String jobNames() throws Exception {
        return Json.read(APP.get("/api/v1/stats").body()).findValue("job_names").toString();
    }

    @Test
    void should_add_edit_and_delete_a_job_type_by_its_yaml_file() throws Exception {
        assertThat(submitStatus("GREETING", "{}")).isEqualTo(400);

        write("greeting.camel.yaml", jobRoute("GREETING", "?maxFails=1", """
                - log: "hello ${body[who]} from job ${variable.jobId}"
                - script:
                    simple: "${variable.jobContext.checkIn('greeted ${body[who]}')}"
                """));
        await().atMost(RELOAD).until(() -> submitStatus("GREETING", "{\"who\":\"probe\"}") == 202);
        // the pool's job names and known_jobs are written just after the type is registered
        await().atMost(RELOAD).until(() -> jobNames().contains("GREETING")
                && STORE.commands().smembers(STORE.keys().knownJobs()).contains("GREETING"));

        String first = APP.submit(Jobs.generic("GREETING", "{\"who\":\"ada\"}"));
        await().atMost(Duration.ofSeconds(5)).until(() -> APP.status(first).equals("Success"));
        assertThat(APP.get("/api/v1/jobs/" + first + "/log").body()).contains("hello ada from job " + first);

        // the edit: a required, typed parameter, and a failure for one value
        write("greeting.camel.yaml", jobRoute("GREETING", "?maxFails=1&params=who:string", """
                - choice:
                    when:
                      - simple: "${body[who]} == 'nobody'"
                        steps:
                          - throwException:
                              exceptionType: java.lang.IllegalStateException
                              message: no one to greet
                - log: "hello again ${body[who]}"
                """));
        await().atMost(RELOAD).until(() -> APP.postJson("/api/v1/jobs", Jobs.generic("GREETING", "{}")).body()
                .contains("missing job parameter 'who'"));
        HttpResponse<String> refused = APP.postJson("/api/v1/jobs", Jobs.generic("GREETING", "{\"who\":7}"));
        assertThat(Json.read(refused.body()).get("details").asText())
                .isEqualTo("malformed job parameter 'who', expecting string but got number");
        String second = APP.submit(Jobs.generic("GREETING", "{\"who\":\"bob\"}"));
        String failing = APP.submit(Jobs.generic("GREETING", "{\"who\":\"nobody\"}"));
        await().atMost(Duration.ofSeconds(5)).until(() -> APP.status(second).equals("Success")
                && APP.status(failing).equals("Error"));
        assertThat(APP.get("/api/v1/jobs/" + second + "/log").body()).contains("hello again bob");
        assertThat(APP.get("/api/v1/jobs/" + failing + "/log").body()).contains("no one to greet");

        Files.delete(ROUTES.resolve("greeting.camel.yaml"));
        await().atMost(RELOAD).until(() -> submitStatus("GREETING", "{\"who\":\"x\"}") == 400);
        await().atMost(RELOAD).until(() -> !jobNames().contains("GREETING"));
        assertThat(APP.status(first)).as("other routes untouched").isEqualTo("Success");
        assertThat(submitStatus("NOOP", "{}")).isEqualTo(202);
    }

    @Test
    void should_keep_the_previous_version_running_when_an_edit_breaks_the_file() throws Exception {
        write("sturdy.camel.yaml", jobRoute("STURDY", "", """
                - log: version one
                """));
        await().atMost(RELOAD).until(() -> submitStatus("STURDY", "{}") == 202);

        try (LogCapture watcherLog = LogCapture.of(RoutesFolderWatcher.class)) {
            Files.writeString(ROUTES.resolve("sturdy.camel.yaml"), """
                    - route:
                        id: job-sturdy
                        from:
                          uri: "job:STURDY"
                          steps:
                            - log: [unclosed
                    """);
            await().atMost(RELOAD).until(() -> watcherLog.lines().stream().anyMatch(line ->
                    line.startsWith("ERROR Route file sturdy.camel.yaml not loaded, its previous version keeps running")
                            && line.contains("line 6, column 16")));
        }
        String id = APP.submit(Jobs.generic("STURDY", "{}"));
        await().atMost(Duration.ofSeconds(5)).until(() -> APP.status(id).equals("Success"));
        assertThat(log(id)).as("the previous version answered").contains("version one");
    }

    @Test
    void should_warn_about_a_file_without_the_route_suffix_and_not_load_it() throws Exception {
        try (LogCapture watcherLog = LogCapture.of(RoutesFolderWatcher.class)) {
            write("misnamed.yaml", jobRoute("MISNAMED", "", "- log: never loaded\n"));

            await().atMost(RELOAD).until(() -> watcherLog.lines().contains("WARN misnamed.yaml in " + ROUTES
                    + " is not loaded: route files must end in .camel.yaml"));
        }
        assertThat(submitStatus("MISNAMED", "{}")).isEqualTo(400);
        Files.delete(ROUTES.resolve("misnamed.yaml"));
    }

    @Test
    void should_reload_the_rest_table_and_timers_without_losing_their_handlers() throws Exception {
        try (LogCapture watcherLog = LogCapture.of(RoutesFolderWatcher.class)) {
            for (String file : List.of("api.camel.yaml", "housekeeping.camel.yaml")) {
                Files.writeString(ROUTES.resolve(file), Files.readString(ROUTES.resolve(file)) + "# edited\n");
                await().atMost(RELOAD).until(() -> watcherLog.lines().stream()
                        .anyMatch(line -> line.startsWith("INFO Route file " + file + " reloaded")));
            }
        }
        assertThat(APP.get("/api/v1/stats").statusCode()).isEqualTo(200);
        String id = APP.submit(Jobs.noop());
        await().atMost(Duration.ofSeconds(5)).until(() -> APP.status(id).equals("Success"));
        assertThat(APP.get("/api/v1/queues").statusCode()).isEqualTo(200);
    }

    @Test
    void should_end_queued_jobs_of_a_removed_type_in_error() throws Exception {
        write("doomed.camel.yaml", jobRoute("DOOMED", "", "- log: ran\n"));
        await().atMost(RELOAD).until(() -> submitStatus("DOOMED", "{}") == 202);
        assertThat(APP.put("/api/v1/queues/DOOMED", "{\"action\":\"pause\"}").statusCode()).isEqualTo(204);
        String queued = APP.submit(Jobs.generic("DOOMED", "{}"));

        Files.delete(ROUTES.resolve("doomed.camel.yaml"));
        await().atMost(RELOAD).until(() -> submitStatus("DOOMED", "{}") == 400);
        APP.put("/api/v1/queues/DOOMED", "{\"action\":\"resume\"}");

        await().atMost(Duration.ofSeconds(10)).until(() -> APP.status(queued).equals("Error"));
        assertThat(APP.get("/api/v1/jobs/" + queued + "/log").body())
                .contains("job type 'DOOMED' is not registered on this node any more");
    }

    @Test
    void should_keep_queued_jobs_while_an_edited_route_waits_for_its_running_job() throws Exception {
        write("edited.camel.yaml", jobRoute("EDITED", "?maxConcurrency=1", """
                - loop:
                    constant: 30
                    steps:
                      - delay:
                          constant: 100
                - log: version one done
                """));
        // no probe submission here: it would be one more job in the queue
        await().atMost(RELOAD).until(() -> jobNames().contains("EDITED"));
        String running = APP.submit(Jobs.generic("EDITED", "{}"));
        await().atMost(Duration.ofSeconds(5)).until(() -> APP.status(running).equals("Running"));
        String queued = APP.submit(Jobs.generic("EDITED", "{}"));

        // the route's stop waits for the running job (3 s, longer than the 2 s a removed type is given)
        write("edited.camel.yaml", jobRoute("EDITED", "?maxConcurrency=1", "- log: version two\n"));
        // while the old version finishes, the type is off the pool's list, yet submissions are still taken
        await().atMost(RELOAD).until(() -> !jobNames().contains("EDITED"));
        String duringTheChange = APP.submit(Jobs.generic("EDITED", "{}"));

        await().atMost(Duration.ofSeconds(15)).until(() -> APP.status(queued).equals("Success")
                && APP.status(duringTheChange).equals("Success"));
        assertThat(log(queued)).contains("version two");
        assertThat(APP.status(running)).isEqualTo("Success");
        assertThat(log(running)).contains("version one done");
    }

    @Test
    void should_end_a_stopped_route_job_at_its_next_step() throws Exception {
        write("long.camel.yaml", jobRoute("LONG", "", """
                - log: started
                - loop:
                    constant: 100
                    steps:
                      - delay:
                          constant: 100
                - log: finished
                """));
        await().atMost(RELOAD).until(() -> submitStatus("LONG", "{}") == 202);
        String id = APP.submit(Jobs.generic("LONG", "{}"));
        await().atMost(Duration.ofSeconds(5)).until(() -> log(id).contains("started"));

        HttpResponse<String> stop = APP.stopJob(id);
        assertThat(stop.statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(3)).until(() -> APP.get("/api/v1/jobs/" + id + "/log").body()
                .contains("Job done after"));
        assertThat(APP.status(id)).isEqualTo("Stopped");
        assertThat(log(id)).as("the steps after the stop did not run").doesNotContain("finished");
    }

    @Test
    void should_refuse_a_route_that_takes_a_java_job_types_name() throws Exception {
        write("clash.camel.yaml", jobRoute("NOOP", "", "- log: never\n"));
        write("clash-marker.camel.yaml", jobRoute("CLASH_MARKER", "", "- log: marker\n"));
        await().atMost(RELOAD).until(() -> submitStatus("CLASH_MARKER", "{}") == 202);
        String id = APP.submit(Jobs.noop());
        await().atMost(Duration.ofSeconds(5)).until(() -> APP.status(id).equals("Success"));
        assertThat(APP.get("/api/v1/jobs/" + id + "/log").body()).doesNotContain("never");
    }
}
