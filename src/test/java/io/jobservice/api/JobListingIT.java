package io.jobservice.api;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobservice.json.Json;
import io.jobservice.support.CountingJob;
import io.jobservice.support.Jobs;
import io.jobservice.support.RedisServerExtension;
import io.jobservice.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Job listing, periodic executions and the stop action over real HTTP (contract 1.3, 5.5, 7; decisions D2). */
class JobListingIT {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();
    static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.start(REDIS.url(), REDIS.namespace(), 2);
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    @BeforeEach
    void clear() {
        REDIS.clearNamespace();
    }

    static String scheduled(long delay, String params) {
        return "{\"job\":{\"name\":\"COUNT\",\"parameters\":" + params
                + ",\"metadata\":{\"kind\":\"Scheduled\",\"schedule_delay\":" + delay + "}}}";
    }

    @Test
    void should_list_every_job_by_cursor_scan() throws Exception {
        Set<String> submitted = new HashSet<>();
        REDIS.commands().set(REDIS.prefix() + "jobs:NOOP:paused", "1");
        for (int i = 0; i < 30; i++) {
            submitted.add(app.submit(Jobs.noop()));
        }
        Set<String> listed = new HashSet<>();
        long cursor = 0;
        int calls = 0;
        do {
            HttpResponse<String> page = app.get("/api/v1/jobs?page_size=7&cursor=" + cursor);
            assertThat(page.statusCode()).isEqualTo(200);
            Json.read(page.body()).forEach(item -> listed.add(item.get("job").get("id").asText()));
            cursor = Long.parseLong(page.headers().firstValue("Next-Cursor").orElseThrow());
            calls++;
        } while (cursor != 0 && calls < 100);
        assertThat(listed).isEqualTo(submitted);
    }

    @Test
    void should_list_scheduled_jobs_earliest_first_with_their_total() throws Exception {
        String later = app.submit(scheduled(300, "{\"n\":2}"));
        String sooner = app.submit(scheduled(200, "{\"n\":1}"));
        HttpResponse<String> page = app.get("/api/v1/jobs?kind=Scheduled&page_size=1");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Total-Count")).hasValue("2");
        List<String> ids = new ArrayList<>();
        Json.read(page.body()).forEach(item -> ids.add(item.get("job").get("id").asText()));
        assertThat(ids).as("page_size is ignored: 20 per page").containsExactly(sooner, later);
        assertThat(Json.read(app.get("/api/v1/jobs?kind=Scheduled&page_number=2").body())).isEmpty();
    }

    @Test
    void should_stop_a_scheduled_job_so_it_never_runs() throws Exception {
        String id = app.submit(scheduled(2, "{\"stop\":1}"));
        assertThat(app.postJson("/api/v1/jobs/" + id, "{\"action\":\"stop\"}").statusCode()).isEqualTo(204);
        assertThat(app.status(id)).isEqualTo("Stopped");
        assertThat(REDIS.commands().zcard(REDIS.prefix() + "scheduled")).isZero();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() ->
                CountingJob.runs(id) == 0 && app.status(id).equals("Stopped"));
    }

    @Test
    void should_release_the_unique_key_of_a_stopped_scheduled_job() throws Exception {
        String body = "{\"job\":{\"name\":\"COUNT\",\"parameters\":{\"u\":1},\"metadata\":{\"kind\":\"Scheduled\","
                + "\"schedule_delay\":100,\"unique\":true}}}";
        String id = app.submit(body);
        assertThat(app.postJson("/api/v1/jobs", body).statusCode()).isEqualTo(409);
        assertThat(app.postJson("/api/v1/jobs/" + id, "{\"action\":\"stop\"}").statusCode()).isEqualTo(204);
        assertThat(app.postJson("/api/v1/jobs", body).statusCode()).isEqualTo(202);
    }

    @Test
    void should_skip_a_stopped_pending_job_at_dequeue() throws Exception {
        REDIS.commands().set(REDIS.prefix() + "jobs:COUNT:paused", "1");
        String id = app.submit("{\"job\":{\"name\":\"COUNT\",\"metadata\":{\"kind\":\"Generic\"}}}");
        assertThat(app.postJson("/api/v1/jobs/" + id, "{\"action\":\"stop\"}").statusCode()).isEqualTo(204);
        REDIS.commands().del(REDIS.prefix() + "jobs:COUNT:paused");
        await().atMost(Duration.ofSeconds(5)).until(() -> REDIS.commands().llen(REDIS.prefix() + "jobs:COUNT") == 0);
        await().during(Duration.ofMillis(500)).until(() -> CountingJob.runs(id) == 0);
        assertThat(app.status(id)).isEqualTo("Stopped");
    }

    @Test
    void should_leave_a_final_job_alone_and_answer_204() throws Exception {
        String id = app.submit(Jobs.noop());
        await().atMost(Duration.ofSeconds(5)).until(() -> app.status(id).equals("Success"));
        assertThat(app.postJson("/api/v1/jobs/" + id, "{\"action\":\"stop\"}").statusCode()).isEqualTo(204);
        assertThat(app.status(id)).isEqualTo("Success");
    }

    @Test
    void should_answer_stop_errors_as_harbor_does() throws Exception {
        HttpResponse<String> unknown = app.postJson("/api/v1/jobs/0123456789abcdef01234567", "{\"action\":\"stop\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Json.read(unknown.body()).get("code").asInt()).isEqualTo(10010);
        HttpResponse<String> action = app.postJson("/api/v1/jobs/0123456789abcdef01234567", "{\"action\":\"retry\"}");
        assertThat(action.statusCode()).isEqualTo(501);
        assertThat(Json.read(action.body()).get("code").asInt()).isEqualTo(10008);
        assertThat(Json.read(action.body()).get("details").asText()).isEqualTo("command: retry");
        HttpResponse<String> malformed = app.postJson("/api/v1/jobs/0123456789abcdef01234567", "{action");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(Json.read(malformed.body()).get("code").asInt()).isEqualTo(10001);
    }

    @Test
    void should_list_executions_newest_first_with_paging_and_the_non_dead_only_filter() throws Exception {
        String policy = app.submit("{\"job\":{\"name\":\"COUNT\",\"metadata\":{\"kind\":\"Periodic\","
                + "\"cron_spec\":\"0 0 0 1 1 ?\"}}}");
        long base = 1_800_000_000L;
        for (int i = 0; i < 5; i++) {
            String execution = policy + "@" + (base + i);
            REDIS.commands().zadd(REDIS.prefix() + "executions:" + policy, i < 2 ? -1 : base + i, execution);
            REDIS.commands().hset(REDIS.prefix() + "job_stats:" + execution, Map.of("id", execution,
                    "name", "COUNT", "kind", "Scheduled", "status", i < 2 ? "Success" : "Scheduled",
                    "run_at", Long.toString(base + i), "upstream_job_id", policy));
        }
        HttpResponse<String> all = app.get("/api/v1/jobs/" + policy + "/executions?page_size=3");
        assertThat(all.headers().firstValue("Total-Count")).hasValue("5");
        assertThat(ids(all)).containsExactly(policy + "@" + (base + 4), policy + "@" + (base + 3), policy + "@" + (base + 2));
        HttpResponse<String> second = app.get("/api/v1/jobs/" + policy + "/executions?page_size=3&page_number=2");
        assertThat(ids(second)).as("finished executions sort by run time too").containsExactly(policy + "@" + (base + 1),
                policy + "@" + base);
        HttpResponse<String> explicitFalse = app.get("/api/v1/jobs/" + policy + "/executions?non_dead_only=false");
        assertThat(explicitFalse.headers().firstValue("Total-Count")).as("all, not Harbor's empty page").hasValue("5");
        HttpResponse<String> live = app.get("/api/v1/jobs/" + policy + "/executions?non_dead_only=true");
        assertThat(live.headers().firstValue("Total-Count")).hasValue("3");

        assertThat(app.get("/api/v1/jobs/0123456789abcdef01234567/executions").statusCode()).isEqualTo(404);
        String generic = app.submit(Jobs.noop());
        HttpResponse<String> notPeriodic = app.get("/api/v1/jobs/" + generic + "/executions");
        assertThat(notPeriodic.statusCode()).isEqualTo(500);
        assertThat(Json.read(notPeriodic.body()).get("details").asText())
                .isEqualTo("only periodic job has executions: Generic kind is received");
        app.postJson("/api/v1/jobs/" + policy, "{\"action\":\"stop\"}");
    }

    static List<String> ids(HttpResponse<String> response) throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode item : Json.read(response.body())) {
            ids.add(item.get("job").get("id").asText());
        }
        return ids;
    }
}
