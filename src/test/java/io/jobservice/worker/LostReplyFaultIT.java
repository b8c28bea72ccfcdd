package io.jobservice.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.jobservice.queue.RedisKeys;
import io.jobservice.support.CountingJob;
import io.jobservice.support.FaultyRedisProxy;
import io.jobservice.support.Jobs;
import io.jobservice.support.RedisServerExtension;
import io.jobservice.support.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replies lost between a script that ran in Redis and the node that called it (a dropped connection), made by a
 * proxy between the service and a real Redis: every accepted job still runs, once.
 */
class LostReplyFaultIT {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    static final Map<String, String> FAST_RECONCILE = Map.of("jobservice.pool.reconcile-grace-seconds", "6");

    @Test
    void should_run_the_jobs_of_a_fetch_whose_reply_was_lost() throws Exception {
        RedisKeys keys = new RedisKeys(REDIS.namespace() + "_fetch");
        try (FaultyRedisProxy proxy = FaultyRedisProxy.start(RedisServerExtension.server().port());
             TestApp app = TestApp.start(proxy.url(), keys.namespace(), 4, FAST_RECONCILE)) {
            REDIS.commands().set(keys.paused(CountingJob.NAME), "1");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ids.add(app.submit(Jobs.generic(CountingJob.NAME, "{}")));
            }
            // the first job queued is the first fetched: the fetch's reply carries its JSON
            CountDownLatch dropped = proxy.dropReplyContaining(ids.get(0));
            long start = System.currentTimeMillis();
            REDIS.commands().del(keys.paused(CountingJob.NAME));
            assertThat(dropped.await(10, TimeUnit.SECONDS)).as("the fetch's reply was dropped").isTrue();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(ids).allSatisfy(id -> assertThat(app.status(id)).isEqualTo("Success")));
            long recoveredMs = System.currentTimeMillis() - start;
            Map<String, Integer> runs = new TreeMap<>();
            ids.forEach(id -> runs.put(id, CountingJob.runs(id)));
            System.out.printf("lost fetch reply: accepted %d, ended Success %d, lost 0, rerun %d, recovered in %.1f s%n",
                    ids.size(), ids.size(), runs.values().stream().filter(n -> n > 1).count(), recoveredMs / 1000.0);
            assertThat(runs.values()).as("no job ran twice").allMatch(n -> n == 1);
            assertThat(REDIS.commands().get(keys.lock(CountingJob.NAME))).isEqualTo("0");
        }
    }
}
