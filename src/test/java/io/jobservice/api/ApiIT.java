package io.jobservice.api;

import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobservice.json.Json;
import io.jobservice.support.Jobs;
import io.jobservice.support.StoreFixture;
import io.jobservice.support.TestApp;
import io.jobservice.support.TestAppExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The whole service over real HTTP on loopback against a real Redis: routes, auth, errors, a job end to end. */
class ApiIT {

    @RegisterExtension
    static final TestAppExtension APP = TestAppExtension.perClass().workers(4);
    static final StoreFixture STORE = APP.store();

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.read(response.body());
    }

    @Test
    void should_run_a_demo_job_to_success_and_report_its_stats() throws Exception {
        HttpResponse<String> submitted = APP.postJson("/api/v1/jobs", Jobs.demo(50, false));
        assertThat(submitted.statusCode()).isEqualTo(202);
        JsonNode job = json(submitted).get("job");
        String id = job.get("id").asText();
        assertThat(id).matches("[0-9a-f]{24}");
        assertThat(job.get("status").asText()).isEqualTo("Pending");
        assertThat(job.get("kind").asText()).isEqualTo("Generic");
        assertThat(job.get("ref_link").asText()).isEqualTo("/api/v1/jobs/" + id);
        assertThat(job.has("revision")).isFalse();

        await().atMost(Duration.ofSeconds(10)).until(() ->
                json(APP.get("/api/v1/jobs/" + id)).get("job").get("status").asText().equals("Success"));
        JsonNode done = json(APP.get("/api/v1/jobs/" + id)).get("job");
        assertThat(done.get("revision").asLong()).isPositive();
        assertThat(done.get("check_in_at").asLong()).isPositive();
        assertThat(done.get("parameters").get("image").asText()).isEqualTo("demo:1");
    }

    @Test
    void should_run_a_job_that_another_writer_queued_in_harbors_format() throws Exception {
        String id = "0123456789abcdef0123abcd";
        long now = System.currentTimeMillis() / 1000;
        STORE.commands().hset(STORE.keys().jobStats(id), Map.of("id", id, "name", "NOOP",
                "kind", "Generic", "unique", "0", "status", "Pending", "ref_link", "/api/v1/jobs/" + id,
                "enqueue_time", Long.toString(now), "update_time", Long.toString(now), "revision", Long.toString(now)));
        STORE.commands().hset(STORE.keys().jobTrack(), id, "2");
        STORE.commands().lpush(STORE.keys().jobQueue("NOOP"),
                "{\"name\":\"NOOP\",\"id\":\"" + id + "\",\"t\":" + now + ",\"args\":{\"a\":1}}");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                json(APP.get("/api/v1/jobs/" + id)).get("job").get("status").asText().equals("Success"));
        assertThat(STORE.commands().ttl(STORE.keys().jobStats(id))).isBetween(86_000L, 86_400L);
    }

    @Test
    void should_run_a_scheduled_job_when_it_is_due() throws Exception {
        HttpResponse<String> submitted = APP.postJson("/api/v1/jobs", Jobs.job("NOOP").scheduled(1).json());
        assertThat(submitted.statusCode()).isEqualTo(202);
        JsonNode job = json(submitted).get("job");
        assertThat(job.get("status").asText()).isEqualTo("Scheduled");
        assertThat(job.get("kind").asText()).isEqualTo("Scheduled");
        assertThat(job.get("run_at").asLong()).isEqualTo(job.get("enqueue_time").asLong() + 1);
        String id = job.get("id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                json(APP.get("/api/v1/jobs/" + id)).get("job").get("status").asText().equals("Success"));
    }

    @Test
    void should_end_a_failing_job_in_error_and_queue_its_retry() throws Exception {
        String id = json(APP.postJson("/api/v1/jobs", Jobs.demo(0, true))).get("job").get("id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                json(APP.get("/api/v1/jobs/" + id)).get("job").get("status").asText().equals("Error"));
        assertThat(STORE.commands().zrange(STORE.keys().retry(), 0, -1))
                .anySatisfy(entry -> assertThat(entry).contains(id).contains("\"fails\":1"));
    }

    @Test
    void should_list_the_pools_of_every_node() throws Exception {
        try (TestApp second = APP.with().workers(3).start()) {
            JsonNode pools = json(APP.get("/api/v1/stats")).get("worker_pools");
            assertThat(pools).hasSize(2);
            assertThat(pools.findValuesAsText("concurrency")).containsExactlyInAnyOrder("4", "3");
        }
        assertThat(json(APP.get("/api/v1/stats")).get("worker_pools")).hasSize(1);
    }

    @Test
    void should_register_every_route_in_jmx_with_its_stable_id() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        String context = APP.service().camelContext().getManagementName();
        Set<String> routeIds = new TreeSet<>();
        for (ObjectName name : server.queryNames(
                new ObjectName("org.apache.camel:context=" + context + ",type=routes,*"), null)) {
            routeIds.add((String) server.getAttribute(name, "RouteId"));
        }
        assertThat(routeIds).contains("api-launch-job", "api-get-job", "api-stats", "api-config", "worker-run",
                "housekeeping-heartbeat", "housekeeping-requeue", "api-rest-launch-job", "api-rest-stats");
    }

    @Test
    void should_answer_stats_without_auth_and_list_this_pool() throws Exception {
        HttpResponse<String> response = APP.send(HttpRequest.newBuilder(APP.uri("/api/v1/stats")).build());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode pool = json(response).get("worker_pools").get(0);
        assertThat(pool.get("status").asText()).isEqualTo("Healthy");
        assertThat(pool.get("concurrency").asInt()).isEqualTo(4);
        assertThat(pool.get("job_names")).extracting(JsonNode::asText).containsExactly("BROKEN", "COUNT", "DEMO",
                "IMAGE_GC", "IMAGE_REPLICATE", "IMAGE_SCAN_ALL", "NOOP", "SCHEDULER", "SLACK", "SLOW", "TICKER", "WEBHOOK");
    }
}
