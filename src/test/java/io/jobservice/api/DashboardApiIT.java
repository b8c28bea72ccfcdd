package io.jobservice.api;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobservice.json.Json;
import io.jobservice.support.HookReceiver;
import io.jobservice.support.Jobs;
import io.jobservice.support.StoreFixture;
import io.jobservice.support.TestApp;
import io.jobservice.support.TestAppExtension;
import io.jobservice.support.TestJobs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard's endpoints (issue 16) against the whole app: real Redis, real HTTP, real workers. Cluster numbers
 * are cached for 1 s, so a test waits for them to move rather than reading them once.
 */
class DashboardApiIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final TestAppExtension APP = TestAppExtension.perClass().workers(4)
            // a receiver that is down parks its job's events quickly, and the sweeper retries them soon
            .property("jobservice.hooks.redeliveries", "0")
            .property("jobservice.hooks.park-first-delay-ms", "200")
            .property("jobservice.hooks.park-max-delay-ms", "500");
    static final StoreFixture STORE = APP.store();

    static HookReceiver receiver;

    @BeforeAll
    static void startReceiver() {
        receiver = new HookReceiver();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.read(response.body());
    }

    static JsonNode overview() throws Exception {
        HttpResponse<String> response = APP.get("/api/v1/dashboard/overview");
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response);
    }

    static JsonNode queue(JsonNode overview, String name) {
        for (JsonNode item : overview.get("queues")) {
            if (item.get("job_name").asText().equals(name)) {
                return item;
            }
        }
        throw new AssertionError("no queue " + name + " in " + overview);
    }

    static long sum(JsonNode overview, String field) {
        long total = 0;
        for (JsonNode bucket : overview.get("throughput").get("buckets")) {
            total += bucket.get(field).asLong();
        }
        return total;
    }

    static HttpResponse<String> delete(String path) {
        return APP.send(HttpRequest.newBuilder(APP.uri(path)).header("Authorization", TestApp.AUTH).DELETE().build());
    }

    static JsonNode entryOf(String set, String jobId) throws Exception {
        for (JsonNode entry : json(APP.get("/api/v1/sets/" + set + "?page_size=100"))) {
            if (entry.get("job_id").asText().equals(jobId)) {
                return entry;
            }
        }
        return null;
    }

    @Test
    void should_show_pools_queues_and_redis_in_the_overview() throws Exception {
        JsonNode overview = overview();
        assertThat(overview.get("redis").get("reachable").asBoolean()).isTrue();
        JsonNode pool = overview.get("pools").get(0);
        assertThat(pool.get("concurrency").asLong()).isEqualTo(4);
        assertThat(pool.get("busy").asLong() + pool.get("idle").asLong()).isEqualTo(4);
        assertThat(pool.get("host").asText()).isNotEmpty();
        assertThat(pool.get("heartbeat_age_seconds").asLong()).isLessThan(10);
        assertThat(pool.get("job_names").toString()).contains("NOOP");
        JsonNode throughput = overview.get("throughput");
        assertThat(throughput.get("bucket_seconds").asLong()).isEqualTo(10);
        assertThat(throughput.get("buckets")).hasSize(90);
        long first = throughput.get("buckets").get(0).get("t").asLong();
        assertThat(throughput.get("buckets").get(89).get("t").asLong() - first).isEqualTo(890);
        assertThat(queue(overview, "NOOP").has("priority")).isTrue();
        assertThat(queue(overview, "NOOP").has("max_concurrency")).isTrue();
    }

    @Test
    void should_move_the_overview_numbers_as_jobs_queue_pause_and_run() throws Exception {
        long successBefore = sum(overview(), "success");
        long errorBefore = sum(overview(), "error");
        assertThat(APP.put("/api/v1/queues/NOOP", "{\"action\":\"pause\"}").statusCode()).isEqualTo(204);
        String first = APP.submit(Jobs.noop());
        APP.submit(Jobs.noop());
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode noop = queue(overview(), "NOOP");
            assertThat(noop.get("paused").asBoolean()).isTrue();
            assertThat(noop.get("size").asLong()).isEqualTo(2);
        });
        assertThat(APP.put("/api/v1/queues/NOOP", "{\"action\":\"resume\"}").statusCode()).isEqualTo(204);
        await().atMost(WAIT).until(() -> APP.status(first).equals("Success"));
        String broken = APP.submit(Jobs.generic(TestJobs.BROKEN, "{}"));
        await().atMost(WAIT).until(() -> APP.status(broken).equals("Error"));
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode overview = overview();
            assertThat(queue(overview, "NOOP").get("size").asLong()).isZero();
            assertThat(queue(overview, "NOOP").get("paused").asBoolean()).isFalse();
            assertThat(sum(overview, "success") - successBefore).isGreaterThanOrEqualTo(2);
            assertThat(sum(overview, "error") - errorBefore).isGreaterThanOrEqualTo(1);
            assertThat(overview.get("sets").get("dead").asLong()).isGreaterThanOrEqualTo(1);
        });
    }

    @Test
    void should_page_the_scheduled_set_and_run_or_delete_its_entries() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(APP.submit(Jobs.job("NOOP").parameters("{\"n\":" + i + "}").scheduled(3600 + i).json()));
        }
        HttpResponse<String> page1 = APP.get("/api/v1/sets/scheduled?page_number=1&page_size=2");
        assertThat(page1.statusCode()).isEqualTo(200);
        assertThat(page1.headers().firstValue("Total-Count")).hasValue("3");
        assertThat(json(page1)).hasSize(2);
        assertThat(json(page1).get(0).get("job_id").asText()).isEqualTo(ids.get(0));
        assertThat(json(page1).get(0).get("args").asText()).isEqualTo("{\"n\":0}");
        assertThat(json(APP.get("/api/v1/sets/scheduled?page_number=2&page_size=2"))).hasSize(1);
        assertThat(json(APP.get("/api/v1/sets/scheduled?page_size=1000")).size()).isEqualTo(3);

        String runId = json(page1).get(0).get("entry_id").asText();
        assertThat(runId).isEqualTo(ids.get(0) + "@@" + json(page1).get(0).get("at").asLong());
        assertThat(APP.postJson("/api/v1/sets/scheduled/" + runId, "{\"action\":\"run\"}").statusCode()).isEqualTo(204);
        await().atMost(WAIT).until(() -> APP.status(ids.get(0)).equals("Success"));
        assertThat(APP.postJson("/api/v1/sets/scheduled/" + runId, "{\"action\":\"run\"}").statusCode()).isEqualTo(404);

        String deleteId = json(page1).get(1).get("entry_id").asText();
        assertThat(delete("/api/v1/sets/scheduled/" + deleteId).statusCode()).isEqualTo(204);
        assertThat(APP.status(ids.get(1))).isEqualTo("Stopped");
        assertThat(delete("/api/v1/sets/scheduled/" + deleteId).statusCode()).isEqualTo(404);
        assertThat(APP.get("/api/v1/sets/scheduled").headers().firstValue("Total-Count")).hasValue("1");
    }

    @Test
    void should_run_a_dead_job_again_and_refuse_what_cannot_run() throws Exception {
        String broken = APP.submit(Jobs.generic(TestJobs.BROKEN, "{}"));
        await().atMost(WAIT).until(() -> entryOf("dead", broken) != null);
        JsonNode entry = entryOf("dead", broken);
        assertThat(entry.get("job_name").asText()).isEqualTo(TestJobs.BROKEN);
        assertThat(entry.get("error").asText()).contains("broken on purpose");
        assertThat(entry.get("fails").asLong()).isEqualTo(1);
        assertThat(entry.get("failed_at").asLong()).isPositive();
        long revision = json(APP.get("/api/v1/jobs/" + broken)).get("job").get("revision").asLong();
        String entryId = entry.get("entry_id").asText();
        assertThat(APP.postJson("/api/v1/sets/dead/" + entryId, "{\"action\":\"run\"}").statusCode()).isEqualTo(204);
        await().atMost(WAIT).untilAsserted(() -> assertThat(json(APP.get("/api/v1/jobs/" + broken)).get("job")
                .get("revision").asLong()).isGreaterThan(revision));

        long now = System.currentTimeMillis() / 1000;
        STORE.commands().zadd(STORE.keys().dead(), now, "{\"name\":\"NOBODY_RUNS\",\"id\":\"feedface\",\"t\":1,"
                + "\"args\":{}}");
        HttpResponse<String> unknownType = APP.postJson("/api/v1/sets/dead/feedface@@" + now, "{\"action\":\"run\"}");
        assertThat(unknownType.statusCode()).isEqualTo(409);
        assertThat(json(unknownType).get("details").asText()).contains("no worker pool runs");
        STORE.commands().zadd(STORE.keys().dead(), now, "{\"name\":\"NOOP\",\"id\":\"0badc0de\",\"t\":1,\"args\":{}}");
        HttpResponse<String> statsGone = APP.postJson("/api/v1/sets/dead/0badc0de@@" + now, "{\"action\":\"run\"}");
        assertThat(statsGone.statusCode()).isEqualTo(409);
        assertThat(json(statsGone).get("details").asText()).contains("gone");

        HttpResponse<String> badAction = APP.postJson("/api/v1/sets/dead/feedface@@" + now, "{\"action\":\"fly\"}");
        assertThat(badAction.statusCode()).isEqualTo(400);
        assertThat(APP.get("/api/v1/sets/nowhere").statusCode()).isEqualTo(404);
        assertThat(APP.postJson("/api/v1/sets/dead/no-separator", "{\"action\":\"run\"}").statusCode())
                .isEqualTo(404);
        assertThat(delete("/api/v1/sets/dead/feedface@@" + now).statusCode()).isEqualTo(204);
    }

    @Test
    void should_list_periodic_policies_with_next_fire_time_and_executions() throws Exception {
        String policy = APP.submit(Jobs.job("NOOP").parameters("{\"every\":\"second\"}").periodic("* * * * * *").json());
        try {
            await().atMost(WAIT).untilAsserted(() -> {
                HttpResponse<String> response = APP.get("/api/v1/periodic_policies?page_size=100");
                assertThat(response.headers().firstValue("Total-Count")).isPresent();
                JsonNode item = null;
                for (JsonNode p : json(response)) {
                    if (p.get("id").asText().equals(policy)) {
                        item = p;
                    }
                }
                assertThat(item).isNotNull();
                assertThat(item.get("cron_spec").asText()).isEqualTo("* * * * * *");
                assertThat(item.get("parameters").get("every").asText()).isEqualTo("second");
                assertThat(item.get("next_fire_time").asLong()).isGreaterThanOrEqualTo(System.currentTimeMillis()
                        / 1000);
                JsonNode executions = item.get("executions");
                assertThat(executions.size()).isBetween(2, 5);
                assertThat(executions.get(0).get("run_at").asLong())
                        .isGreaterThan(executions.get(1).get("run_at").asLong());
                assertThat(executions.get(1).get("status").asText()).isEqualTo("Success");
            });
        } finally {
            assertThat(APP.stopJob(policy).statusCode()).isEqualTo(204);
        }
    }

    @Test
    void should_list_a_running_job_among_the_busy_workers() throws Exception {
        String running = APP.submit(Jobs.demo(30_000, false));
        try {
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode worker = null;
                for (JsonNode w : json(APP.get("/api/v1/workers"))) {
                    if (w.get("job_id").asText().equals(running)) {
                        worker = w;
                    }
                }
                assertThat(worker).isNotNull();
                assertThat(worker.get("job_name").asText()).isEqualTo("DEMO");
                assertThat(worker.get("started_at").asLong()).isPositive();
                assertThat(worker.get("pool_id").asText()).isNotEmpty();
                assertThat(worker.get("worker_id").asText()).isNotEmpty();
            });
        } finally {
            APP.stopJob(running);
        }
        await().atMost(WAIT).until(() -> !APP.get("/api/v1/workers").body().contains(running));
    }

    @Test
    void should_show_a_hook_parked_while_its_receiver_is_down_and_its_ack_once_up() throws Exception {
        receiver.down();
        String job = APP.submit(Jobs.job("NOOP").hook(receiver.url("/hook")).json());
        try {
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode hook = json(APP.get("/api/v1/jobs/" + job + "/hook"));
                assertThat(hook.get("web_hook_url").asText()).isEqualTo(receiver.url("/hook"));
                assertThat(hook.get("parked").asBoolean()).isTrue();
                assertThat(hook.get("attempts").asLong()).isPositive();
                assertThat(hook.get("pending_count").asLong()).isPositive();
                assertThat(hook.get("pending").get(0).get("status").asText()).isNotEmpty();
                assertThat(hook.get("next_attempt_at").asLong()).isPositive();
            });
        } finally {
            receiver.up();
        }
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode hook = json(APP.get("/api/v1/jobs/" + job + "/hook"));
            assertThat(hook.get("pending_count").asLong()).isZero();
            assertThat(hook.get("parked").asBoolean()).isFalse();
            assertThat(hook.get("ack").get("status").asText()).isEqualTo("Success");
            assertThat(hook.get("next_attempt_at").isNull()).isTrue();
        });
        assertThat(APP.get("/api/v1/jobs/0000000000000000deadbeef/hook").statusCode()).isEqualTo(404);
    }

    @Test
    void should_filter_the_job_list_by_type_and_status() throws Exception {
        String noop = APP.submit(Jobs.noop());
        String broken = APP.submit(Jobs.generic(TestJobs.BROKEN, "{}"));
        await().atMost(WAIT).until(() -> APP.status(noop).equals("Success") && APP.status(broken).equals("Error"));
        JsonNode byType = json(APP.get("/api/v1/jobs?page_size=1000&job_name=" + TestJobs.BROKEN));
        assertThat(byType.toString()).contains(broken).doesNotContain(noop);
        byType.forEach(stats -> assertThat(stats.get("job").get("name").asText()).isEqualTo(TestJobs.BROKEN));
        JsonNode byStatus = json(APP.get("/api/v1/jobs?page_size=1000&status=Success"));
        assertThat(byStatus.toString()).contains(noop).doesNotContain(broken);
        byStatus.forEach(stats -> assertThat(stats.get("job").get("status").asText()).isEqualTo("Success"));
    }

    @Test
    void should_refuse_callers_without_the_secret() {
        for (String path : List.of("/api/v1/dashboard/overview", "/api/v1/sets/dead", "/api/v1/periodic_policies",
                "/api/v1/workers", "/api/v1/jobs/abc/hook")) {
            HttpResponse<String> anonymous = APP.send(HttpRequest.newBuilder(APP.uri(path)).GET().build());
            assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
        }
        HttpResponse<String> anonymousDelete = APP.send(HttpRequest.newBuilder(APP.uri("/api/v1/sets/dead/a@@1"))
                .DELETE().build());
        assertThat(anonymousDelete.statusCode()).isEqualTo(401);
    }
}
