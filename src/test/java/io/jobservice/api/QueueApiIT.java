package io.jobservice.api;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobservice.json.Json;
import io.jobservice.support.Jobs;
import io.jobservice.support.SettableClock;
import io.jobservice.support.StoreFixture;
import io.jobservice.support.TestAppExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Our queue routes: list the queues, pause and resume a job type through Harbor's paused key. */
class QueueApiIT {

    /** Stands still unless a test moves it: queue latency is measured without waiting for it. */
    static final SettableClock CLOCK = SettableClock.atNow();
    @RegisterExtension
    static final TestAppExtension APP = TestAppExtension.perClass().workers(2).clock(CLOCK);
    static final StoreFixture STORE = APP.store();

    JsonNode queue(String name) throws Exception {
        for (JsonNode item : Json.read(APP.get("/api/v1/queues").body())) {
            if (item.get("job_name").asText().equals(name)) {
                return item;
            }
        }
        throw new AssertionError("no queue " + name);
    }

    @Test
    void should_pause_list_and_resume_a_job_type() throws Exception {
        assertThat(APP.put("/api/v1/queues/NOOP", "{\"action\":\"pause\"}").statusCode()).isEqualTo(204);
        assertThat(STORE.commands().exists(STORE.keys().paused("NOOP"))).isEqualTo(1L);
        String first = APP.submit(Jobs.noop());
        APP.submit(Jobs.noop());
        CLOCK.advance(Duration.ofSeconds(90));
        JsonNode noop = queue("NOOP");
        assertThat(noop.get("size").asLong()).isEqualTo(2);
        assertThat(noop.get("paused").asBoolean()).isTrue();
        assertThat(noop.get("latency_seconds").asLong()).isEqualTo(90);
        assertThat(noop.get("running").asLong()).isZero();
        assertThat(APP.status(first)).isEqualTo("Pending");

        assertThat(APP.put("/api/v1/queues/NOOP", "{\"action\":\"resume\"}").statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(5)).until(() -> APP.status(first).equals("Success"));
        assertThat(queue("NOOP").get("size").asLong()).isZero();
        assertThat(queue("NOOP").get("paused").asBoolean()).isFalse();
    }

    @Test
    void should_refuse_unknown_types_actions_and_callers() throws Exception {
        assertThat(APP.put("/api/v1/queues/NOPE", "{\"action\":\"pause\"}").statusCode()).isEqualTo(404);
        HttpResponse<String> action = APP.put("/api/v1/queues/NOOP", "{\"action\":\"stop\"}");
        assertThat(action.statusCode()).isEqualTo(400);
        assertThat(Json.read(action.body()).get("details").asText()).isEqualTo("unknown queue action 'stop', use 'pause' or 'resume'");
        HttpResponse<String> anonymous = APP.send(HttpRequest.newBuilder(APP.uri("/api/v1/queues")).GET().build());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }
}
