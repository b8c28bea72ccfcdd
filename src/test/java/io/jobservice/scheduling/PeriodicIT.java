package io.jobservice.scheduling;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobservice.json.Json;
import io.jobservice.support.CountingJob;
import io.jobservice.support.Jobs;
import io.jobservice.support.StoreFixture;
import io.jobservice.support.TestApp;
import io.jobservice.support.TestAppExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Periodic jobs on two nodes sharing one Redis, with every-second crons and real Quartz timers: one execution per
 * fire time, stop seen by both, policies kept across a restart with one catch-up, Harbor-format policies fire.
 */
class PeriodicIT {

    /** Each test starts its nodes, one or two, and restarts them: no app is shared. */
    @RegisterExtension
    static final TestAppExtension APP = TestAppExtension.manual().workers(2).clearBeforeEach();
    static final StoreFixture STORE = APP.store();

    static String periodic(String cron, String extraMetadata) {
        return Jobs.job(CountingJob.NAME).parameters("{\"p\":1}").periodic(cron).moreMetadata(extraMetadata)
                .hook("http://127.0.0.1:9/hook").json();
    }

    static List<Long> executionEpochs(String policyId) {
        List<Long> epochs = new ArrayList<>();
        for (String id : STORE.commands().zrange(STORE.keys().executions(policyId), 0, -1)) {
            epochs.add(Long.parseLong(id.substring(id.indexOf('@') + 1)));
        }
        epochs.sort(null);
        return epochs;
    }

    @Test
    void should_run_one_execution_per_fire_time_with_two_nodes_and_stop_on_both() throws Exception {
        try (TestApp a = APP.start();
             TestApp b = APP.start()) {
            HttpResponse<String> response = a.postJson("/api/v1/jobs", periodic("* * * * * *", ""));
            assertThat(response.statusCode()).isEqualTo(202);
            JsonNode job = Json.read(response.body()).get("job");
            String id = job.get("id").asText();
            assertThat(job.get("kind").asText()).isEqualTo("Periodic");
            assertThat(job.get("status").asText()).isEqualTo("Scheduled");
            assertThat(job.get("numeric_policy_id").asLong()).isPositive();
            assertThat(job.has("run_at")).isFalse();

            await().atMost(Duration.ofSeconds(10)).until(() -> scheduler(b).activePolicies().contains(id));
            await().atMost(Duration.ofSeconds(20)).until(() -> executionEpochs(id).size() >= 6);
            List<Long> epochs = executionEpochs(id);
            long first = epochs.get(0);
            assertThat(epochs).as("one execution per second, none missing").containsExactlyElementsOf(
                    LongStream.rangeClosed(first, epochs.get(epochs.size() - 1)).boxed().toList());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(CountingJob.runsOf(id + "@"))
                    .as("every execution ran exactly once").hasSizeGreaterThanOrEqualTo(6)
                    .allSatisfy((execution, runs) -> assertThat(runs).isEqualTo(1)));
            JsonNode execution = Json.read(a.get("/api/v1/jobs/" + id + "@" + first).body()).get("job");
            assertThat(execution.get("kind").asText()).isEqualTo("Scheduled");
            assertThat(execution.get("upstream_job_id").asText()).isEqualTo(id);
            assertThat(execution.get("web_hook_url").asText()).isEqualTo("http://127.0.0.1:9/hook");
            assertThat(execution.get("parameters").get("p").asInt()).isEqualTo(1);

            assertThat(b.stopJob(id).statusCode()).isEqualTo(204);
            await().atMost(Duration.ofSeconds(10)).until(() -> !scheduler(a).activePolicies().contains(id)
                    && !scheduler(b).activePolicies().contains(id));
            assertThat(a.status(id)).isEqualTo("Stopped");
            int executions = executionEpochs(id).size();
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4))
                    .until(() -> executionEpochs(id).size() == executions);
        }
    }

    @Test
    void should_keep_policies_across_a_restart_and_catch_up_once() throws Exception {
        String id;
        try (TestApp a = APP.start()) {
            id = a.submit(periodic("*/3 * * * * *", ""));
            await().atMost(Duration.ofSeconds(10)).until(() -> !executionEpochs(id).isEmpty());
        }
        List<Long> before = executionEpochs(id);
        long lastBefore = before.get(before.size() - 1);
        // two or three ticks are missed while no node runs
        await().pollDelay(Duration.ofSeconds(7)).until(() -> true);
        long restartAt = System.currentTimeMillis() / 1000;
        try (TestApp b = APP.start()) {
            long startedAt = System.currentTimeMillis() / 1000;
            List<Long> gap = executionEpochs(id).stream().filter(e -> e > lastBefore && e <= startedAt).toList();
            assertThat(gap).as("one catch-up execution, for the latest missed tick").hasSize(1)
                    .allSatisfy(epoch -> assertThat(epoch).isGreaterThan(restartAt - 3));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    executionEpochs(id).stream().anyMatch(epoch -> epoch > startedAt));
        }
    }

    @Test
    void should_fire_a_harbor_format_policy_written_straight_into_redis() throws Exception {
        String id = "00000000000000000000abcd";
        STORE.commands().zadd(STORE.keys().periodicPolicies(), 1_700_000_000,
                "{\"id\":\"" + id + "\",\"job_name\":\"COUNT\",\"cron_spec\":\"*/1 * * * * *\",\"job_params\":{\"x\":\"y\"}}");
        try (TestApp a = APP.start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !CountingJob.runsOf(id + "@").isEmpty());
            // no stats for the periodic job itself: stop falls back to the stored policy (contract 5.5)
            assertThat(a.stopJob(id).statusCode()).isEqualTo(204);
            assertThat(STORE.commands().zcard(STORE.keys().periodicPolicies())).isZero();
        }
    }

    @Test
    void should_skip_a_fire_while_the_previous_execution_still_runs_when_asked() throws Exception {
        try (TestApp a = APP.with().workers(4).start()) {
            String body = periodic("* * * * * *", ",\"skip_if_running\":true").replace("{\"p\":1}", "{\"sleep_ms\":2500}");
            String id = a.submit(body);
            await().atMost(Duration.ofSeconds(15)).until(() -> executionEpochs(id).size() >= 3);
            List<Long> epochs = executionEpochs(id);
            for (int i = 1; i < epochs.size(); i++) {
                assertThat(epochs.get(i) - epochs.get(i - 1)).as("fires skipped while one runs").isGreaterThanOrEqualTo(2);
            }
        }
    }

    @Test
    void should_refuse_a_cron_spec_that_does_not_parse_or_quartz_cannot_express() throws Exception {
        try (TestApp a = APP.with().workers(1).start()) {
            HttpResponse<String> bad = a.postJson("/api/v1/jobs", periodic("x x x x x x", ""));
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(Json.read(bad.body()).get("details").asText()).isEqualTo(
                    "'cron_spec' is not correctly set: x x x x x x: failed to parse int from x in the seconds field");
            HttpResponse<String> both = a.postJson("/api/v1/jobs", periodic("0 0 0 1 * MON", ""));
            assertThat(both.statusCode()).isEqualTo(400);
            assertThat(Json.read(both.body()).get("details").asText()).contains("Quartz cannot express");
            HttpResponse<String> hook = a.postJson("/api/v1/jobs",
                    periodic("0 0 0 * * *", "").replace("http://127.0.0.1:9/hook", "webhook"));
            assertThat(hook.statusCode()).isEqualTo(400);
            assertThat(Json.read(hook.body()).get("details").asText()).isEqualTo("bad web hook URL: webhook");
        }
    }

    static PeriodicScheduler scheduler(TestApp app) {
        return app.service().camelContext().getRegistry().lookupByNameAndType("periodicScheduler", PeriodicScheduler.class);
    }
}
