package io.jobservice.hook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.jobservice.support.HangingReceiver;
import io.jobservice.support.HookReceiver;
import io.jobservice.support.RedisServerExtension;
import io.jobservice.support.TestApp;
import io.jobservice.support.TestAppExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Hook receivers that are down or hang: the others' hooks go on, and every event is delivered once, in order. */
class HookReceiverFaultIT {

    /** Each test starts an app with its own hook redelivery settings. */
    @RegisterExtension
    static final TestAppExtension APP = TestAppExtension.manual().workers(4).clearBeforeEach();

    @Test
    void should_deliver_a_healthy_receivers_hooks_promptly_while_fifty_jobs_point_at_hanging_receivers()
            throws Exception {
        List<HangingReceiver> hanging = new ArrayList<>();
        // the default parking and rests: a hanging receiver is tried less and less often
        Map<String, String> redeliveries = Map.of("jobservice.hooks.redeliveries", "1",
                "jobservice.hooks.redelivery-delay-ms", "100");
        try (HookReceiver healthy = new HookReceiver();
             TestApp app = APP.with().properties(redeliveries).start()) {
            // the healthy receiver has answered before, as core has in a running Harbor
            String first = app.submit(HooksIT.count(healthy.url("/healthy")));
            await().atMost(Duration.ofSeconds(10)).until(() -> HooksIT.statuses(healthy.of(first)).contains("Success"));
            for (int i = 0; i < 5; i++) {
                hanging.add(new HangingReceiver());
            }
            for (int i = 0; i < 50; i++) {
                app.submit(HooksIT.count(hanging.get(i % hanging.size()).url("/hooks/" + i)));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> hanging.stream().allMatch(h -> h.connections() > 0));
            Map<String, Long> submittedAt = new HashMap<>();
            for (int i = 0; i < 100; i++) {
                submittedAt.put(app.submit(HooksIT.count(healthy.url("/healthy"))), System.currentTimeMillis());
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> submittedAt.keySet().stream()
                    .allMatch(id -> HooksIT.statuses(healthy.of(id)).contains("Success")));

            List<Long> latencies = new ArrayList<>();
            submittedAt.forEach((id, at) -> healthy.of(id).stream()
                    .filter(r -> r.body().get("status").asText().equals("Success"))
                    .forEach(r -> latencies.add(r.atMs() - at)));
            latencies.sort(null);
            long p50 = latencies.get(latencies.size() / 2);
            long p99 = latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1);
            System.out.printf("hanging receivers: 50 jobs at 5 hanging receivers; 100 jobs at a healthy one: hook"
                    + " latency from submit p50 %d ms, p99 %d ms, max %d ms%n", p50, p99, latencies.get(latencies.size() - 1));
            assertThat(p99).as("healthy hooks are not held up by the hanging ones").isLessThan(3_000);
            assertThat(submittedAt.keySet()).allSatisfy(id ->
                    assertThat(HooksIT.statuses(healthy.of(id))).containsExactly("Running", "Success"));
        } finally {
            for (HangingReceiver receiver : hanging) {
                receiver.close();
            }
        }
    }

    @Test
    void should_deliver_every_event_once_and_in_order_after_the_receiver_was_down() throws Exception {
        int port = RedisServerExtension.freePort();
        HookReceiver receiver = new HookReceiver(port);
        receiver.down();
        try (TestApp app = APP.with().properties(HooksIT.FAST_RETRIES).start()) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                ids.add(app.submit(HooksIT.count(receiver.url("/down"))));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> ids.stream().allMatch(id -> app.status(id).equals("Success")));
            long upAt = System.currentTimeMillis();
            receiver.up();
            await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream().allMatch(id -> receiver.of(id).size() >= 2));
            System.out.printf("receiver down: 30 jobs, 60 hooks; all delivered %.1f s after the receiver came back%n",
                    (System.currentTimeMillis() - upAt) / 1000.0);
            assertThat(ids).allSatisfy(id ->
                    assertThat(HooksIT.statuses(receiver.of(id))).containsExactly("Running", "Success"));
        } finally {
            receiver.close();
        }
    }
}
