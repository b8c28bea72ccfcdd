package io.jobservice.hook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobservice.json.Json;
import io.jobservice.support.CountingJob;
import io.jobservice.support.HookReceiver;
import io.jobservice.support.Jobs;
import io.jobservice.support.StoreFixture;
import io.jobservice.support.TestApp;
import io.jobservice.support.TestAppExtension;
import io.jobservice.support.TestJobs;
import io.jobservice.worker.StatusReaper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Status hooks to a real receiver on loopback: shapes, order, ACK, outages, restarts, expiry (contract 4). */
class HooksIT {

    /** Fast redelivery and parking, so outages of seconds are enough to exercise them. */
    static final Map<String, String> FAST_RETRIES = Map.of("jobservice.hooks.redeliveries", "1",
            "jobservice.hooks.redelivery-delay-ms", "100", "jobservice.hooks.park-first-delay-ms", "500",
            "jobservice.hooks.park-max-delay-ms", "2000");
    /** Each test starts its apps: they count hooks and parked events of the whole namespace. */
    @RegisterExtension
    static final TestAppExtension APP = TestAppExtension.manual().workers(2).properties(FAST_RETRIES).clearBeforeEach();
    static final StoreFixture STORE = APP.store();

    /** Parked attempts that take the fast back-off to its cap and keep it there for a few rounds. */
    static final int PARKED_ATTEMPTS = 6;

    static String demo(String hook, long sleepMs) {
        return Jobs.job("DEMO").parameters("{\"image\":\"demo:1\",\"sleep_ms\":" + sleepMs + "}").hook(hook).json();
    }

    static String count(String hook) {
        return Jobs.job(CountingJob.NAME).hook(hook).json();
    }

    static List<String> statuses(List<HookReceiver.Received> events) {
        return events.stream().map(r -> r.body().get("status").asText()
                + (r.body().has("check_in") ? ":" + r.body().get("check_in").asText() : "")).toList();
    }

    @Test
    void should_post_running_check_ins_and_the_final_status_in_order_and_store_the_ack() throws Exception {
        try (HookReceiver receiver = new HookReceiver();
             TestApp app = APP.start()) {
            String id = app.submit(demo(receiver.url("/service/notifications/tasks/1"), 100));
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.of(id).size() == 4);
            List<HookReceiver.Received> events = receiver.of(id);
            assertThat(statuses(events)).containsExactly("Running", "Running:progress data: %30",
                    "Running:progress data: %100", "Success");
            JsonNode success = events.get(3).body();
            assertThat(success.get("job_id").asText()).isEqualTo(id);
            JsonNode metadata = success.get("metadata");
            assertThat(metadata.get("id").asText()).isEqualTo(id);
            assertThat(metadata.get("status").asText()).isEqualTo("Success");
            assertThat(metadata.get("name").asText()).isEqualTo("DEMO");
            assertThat(metadata.get("revision").asLong()).isPositive();
            assertThat(events.get(1).body().get("metadata").get("check_in").asText()).isEqualTo("progress data: %30");
            assertThat(events.get(1).body().get("metadata").get("check_in_at").asLong()).isPositive();
            assertThat(events.get(0).path()).isEqualTo("/service/notifications/tasks/1");
            assertThat(events.get(0).headers().get("Content-type")).singleElement().asString()
                    .startsWith("application/json");
            assertThat(events.get(0).headers().keySet()).noneMatch(h -> h.toLowerCase().startsWith("camel")
                    || h.equalsIgnoreCase("Authorization") || h.toLowerCase().startsWith("hook"));

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                JsonNode ack = Json.read(app.get("/api/v1/jobs/" + id).body()).get("job").get("ack");
                assertThat(ack.get("status").asText()).isEqualTo("Success");
                assertThat(ack.get("revision").asLong()).isEqualTo(metadata.get("revision").asLong());
            });
            assertThat(STORE.commands().hexists(STORE.keys().jobTrack(), id))
                    .as("final status stored and acknowledged").isFalse();
        }
    }

    @Test
    void should_post_error_and_stopped_hooks() throws Exception {
        try (HookReceiver receiver = new HookReceiver();
             TestApp app = APP.start()) {
            String broken = app.submit(Jobs.job(TestJobs.BROKEN).hook(receiver.url("/broken")).json());
            String stopped = app.submit(demo(receiver.url("/stopped"), 60_000));
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.of(stopped).size() >= 2);
            assertThat(app.stopJob(stopped).statusCode()).isEqualTo(204);
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.of(broken).size() == 2
                    && statuses(receiver.of(stopped)).contains("Stopped"));
            assertThat(statuses(receiver.of(broken))).containsExactly("Running", "Error");
            assertThat(receiver.of(broken).get(1).body().get("metadata").get("status").asText()).isEqualTo("Error");
            assertThat(statuses(receiver.of(stopped))).containsExactly("Running", "Running:progress data: %30", "Stopped");
        }
    }

    @Test
    void should_deliver_every_event_in_order_after_the_receiver_was_down_through_many_parked_attempts()
            throws Exception {
        try (HookReceiver receiver = new HookReceiver();
             TestApp app = APP.with().workers(4).start()) {
            receiver.down();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ids.add(app.submit(count(receiver.url("/hooks/" + i))));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> ids.stream().allMatch(id -> app.status(id).equals("Success")));
            // every job parked again and again, its back-off at the 2 s cap: a long outage, shortened
            await().atMost(Duration.ofSeconds(60)).until(() -> STORE.commands()
                    .hvals(STORE.keys().hookAttempts()).stream().filter(n -> Long.parseLong(n) >= PARKED_ATTEMPTS)
                    .count() == ids.size());
            assertThat(STORE.commands().zcard(STORE.keys().hookDue())).as("parked, not lost").isEqualTo(20);
            receiver.up();
            await().atMost(Duration.ofSeconds(15)).until(() -> receiver.received().size() >= 40);
            assertThat(receiver.received()).as("each event once").hasSize(40);
            for (String id : ids) {
                assertThat(statuses(receiver.of(id))).containsExactly("Running", "Success");
                await().atMost(Duration.ofSeconds(5)).until(() ->
                        !STORE.commands().hexists(STORE.keys().jobTrack(), id));
            }
        }
    }

    @Test
    void should_deliver_parked_events_after_a_restart() throws Exception {
        try (HookReceiver receiver = new HookReceiver()) {
            receiver.down();
            String id;
            try (TestApp first = APP.start()) {
                id = first.submit(count(receiver.url("/hooks/restart")));
                await().atMost(Duration.ofSeconds(10)).until(() -> first.status(id).equals("Success"));
            }
            assertThat(STORE.commands().llen(STORE.keys().hookPending(id))).isEqualTo(2);
            receiver.up();
            try (TestApp second = APP.start()) {
                await().atMost(Duration.ofSeconds(15)).until(() -> receiver.of(id).size() == 2);
                assertThat(statuses(receiver.of(id))).containsExactly("Running", "Success");
            }
        }
    }

    @Test
    void should_stop_retrying_when_the_stats_expire_while_the_receiver_answers_404() throws Exception {
        Map<String, String> shortTtl = new HashMap<>(FAST_RETRIES);
        shortTtl.put("jobservice.stats.success-ttl-seconds", "3");
        try (HookReceiver receiver = new HookReceiver().answer(404);
             TestApp app = APP.with().properties(shortTtl).start()) {
            String id = app.submit(count(receiver.url("/gone")));
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.hits() >= 3);
            await().atMost(Duration.ofSeconds(15)).until(() ->
                    STORE.commands().zcard(STORE.keys().hookDue()) == 0
                            && STORE.commands().exists(STORE.keys().hookPending(id)) == 0);
            int hits = receiver.hits();
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> receiver.hits() == hits);
        }
    }

    @Test
    void should_not_let_a_hanging_receiver_hold_up_other_jobs_hooks() throws Exception {
        // slow but answering: within the hooks' response time-out (a receiver that times out is parked instead)
        Map<String, String> patient = new HashMap<>(FAST_RETRIES);
        patient.put("jobservice.hooks.response-timeout-ms", "8000");
        try (HookReceiver receiver = new HookReceiver().hang(4000);
             TestApp app = APP.with().workers(4).properties(patient).start()) {
            String slow = app.submit(count(receiver.url("/slow")));
            String fast = app.submit(count(receiver.url("/fast")));
            await().atMost(Duration.ofSeconds(3)).until(() -> receiver.of(fast).size() == 2);
            assertThat(receiver.of(slow)).as("still hanging on its first event").isEmpty();
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.of(slow).size() >= 2);
            assertThat(statuses(receiver.of(slow))).as("each event once").containsExactly("Running", "Success");
        }
    }

    @Test
    void should_send_the_hook_again_when_the_reaper_finds_the_status_ahead_of_its_ack() throws Exception {
        try (HookReceiver receiver = new HookReceiver();
             TestApp app = APP.start()) {
            String id = app.submit(count(receiver.url("/refire")));
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.of(id).size() == 2);
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    STORE.commands().hget(STORE.keys().jobStats(id), "ack").contains("Success"));
            // as if the Success hook had never been acknowledged
            String revision = STORE.commands().hget(STORE.keys().jobStats(id), "revision");
            STORE.commands().hset(STORE.keys().jobStats(id), "ack",
                    "{\"status\":\"Running\",\"revision\":" + revision + ",\"check_in_at\":0}");
            STORE.commands().hset(STORE.keys().jobTrack(), id, "1");
            app.service().camelContext().getRegistry().lookupByNameAndType("statusReaper",
                    StatusReaper.class).runOnce();
            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.of(id).size() == 3);
            assertThat(statuses(receiver.of(id))).containsExactly("Running", "Success", "Success");
        }
    }
}
