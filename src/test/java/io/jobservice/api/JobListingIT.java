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
import io.jobservice.support.StoreFixture;
import io.jobservice.support.TestAppExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Job listing, periodic executions and the stop action over real HTTP (contract 1.3, 5.5, 7; decisions D2). */
class JobListingIT {

    @RegisterExtension
    static final TestAppExtension APP = TestAppExtension.perClass().workers(2).clearBeforeEach();
    static final StoreFixture STORE = APP.store();

    static String scheduled(long delay, String params) {
        return Jobs.job(CountingJob.NAME).parameters(params).scheduled(delay).json();
    }

    @Test
    void should_list_every_job_by_cursor_scan() throws Exception {
        Set<String> submitted = new HashSet<>();
        STORE.pause("NOOP");
        for (int i = 0; i < 30; i++) {
            submitted.add(APP.submit(Jobs.noop()));
        }
        Set<String> listed = new HashSet<>();
        long cursor = 0;
        int calls = 0;
        do {
            HttpResponse<String> page = APP.get("/api/v1/jobs?page_size=7&cursor=" + cursor);
            assertThat(page.statusCode()).isEqualTo(200);
            Json.read(page.body()).forEach(item -> listed.add(item.get("job").get("id").asText()));
            cursor = Long.parseLong(page.headers().firstValue("Next-Cursor").orElseThrow());
            calls++;
        } while (cursor != 0 && calls < 100);
        assertThat(listed).isEqualTo(submitted);
    }

    @Test
    void should_list_scheduled_jobs_earliest_first_with_their_total() throws Exception {
        String later = APP.submit(scheduled(300, "{\"n\":2}"));
        String sooner = APP.submit(scheduled(200, "{\"n\":1}"));
        HttpResponse<String> page = APP.get("/api/v1/jobs?kind=Scheduled&page_size=1");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Total-Count")).hasValue("2");
        List<String> ids = new ArrayList<>();
        Json.read(page.body()).forEach(item -> ids.add(item.get("job").get("id").asText()));
        assertThat(ids).as("page_size is ignored: 20 per page").containsExactly(sooner, later);
        assertThat(Json.read(APP.get("/api/v1/jobs?kind=Scheduled&page_number=2").body())).isEmpty();
    }

    @Test
    void should_stop_a_scheduled_job_so_it_never_runs() throws Exception {
        String id = APP.submit(scheduled(2, "{\"stop\":1}"));
        assertThat(APP.stopJob(id).statusCode()).isEqualTo(204);
        assertThat(APP.status(id)).isEqualTo("Stopped");
        assertThat(STORE.commands().zcard(STORE.keys().scheduled())).isZero();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() ->
                CountingJob.runs(id) == 0 && APP.status(id).equals("Stopped"));
    }

    @Test
    void should_release_the_unique_key_of_a_stopped_scheduled_job() throws Exception {
        String body = Jobs.job(CountingJob.NAME).parameters("{\"u\":1}").scheduled(100).unique().json();
        String id = APP.submit(body);
        assertThat(APP.postJson("/api/v1/jobs", body).statusCode()).isEqualTo(409);
        assertThat(APP.stopJob(id).statusCode()).isEqualTo(204);
        assertThat(APP.postJson("/api/v1/jobs", body).statusCode()).isEqualTo(202);
    }

    @Test
    void should_skip_a_stopped_pending_job_at_dequeue() throws Exception {
        STORE.pause("COUNT");
        String id = APP.submit(Jobs.job(CountingJob.NAME).json());
        assertThat(APP.stopJob(id).statusCode()).isEqualTo(204);
        STORE.resume("COUNT");
        await().atMost(Duration.ofSeconds(5)).until(() -> STORE.commands().llen(STORE.keys().jobQueue("COUNT")) == 0);
        await().during(Duration.ofMillis(500)).until(() -> CountingJob.runs(id) == 0);
        assertThat(APP.status(id)).isEqualTo("Stopped");
    }

    @Test
    void should_leave_a_final_job_alone_and_answer_204() throws Exception {
        String id = APP.submit(Jobs.noop());
        await().atMost(Duration.ofSeconds(5)).until(() -> APP.status(id).equals("Success"));
        assertThat(APP.stopJob(id).statusCode()).isEqualTo(204);
        assertThat(APP.status(id)).isEqualTo("Success");
    }

    @Test
    void should_answer_stop_errors_as_harbor_does() throws Exception {
        HttpResponse<String> unknown = APP.postJson("/api/v1/jobs/0123456789abcdef01234567", "{\"action\":\"stop\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Json.read(unknown.body()).get("code").asInt()).isEqualTo(10010);
        HttpResponse<String> action = APP.postJson("/api/v1/jobs/0123456789abcdef01234567", "{\"action\":\"retry\"}");
        assertThat(action.statusCode()).isEqualTo(501);
        assertThat(Json.read(action.body()).get("code").asInt()).isEqualTo(10008);
        assertThat(Json.read(action.body()).get("details").asText()).isEqualTo("command: retry");
        HttpResponse<String> malformed = APP.postJson("/api/v1/jobs/0123456789abcdef01234567", "{action");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(Json.read(malformed.body()).get("code").asInt()).isEqualTo(10001);
    }

    @Test
    void should_list_executions_newest_first_with_paging_and_the_non_dead_only_filter() throws Exception {
        String policy = APP.submit(Jobs.job(CountingJob.NAME).periodic("0 0 0 1 1 ?").json());
        long base = 1_800_000_000L;
        for (int i = 0; i < 5; i++) {
            String execution = policy + "@" + (base + i);
            STORE.commands().zadd(STORE.keys().executions(policy), i < 2 ? -1 : base + i, execution);
            STORE.commands().hset(STORE.keys().jobStats(execution), Map.of("id", execution,
                    "name", "COUNT", "kind", "Scheduled", "status", i < 2 ? "Success" : "Scheduled",
                    "run_at", Long.toString(base + i), "upstream_job_id", policy));
        }
        HttpResponse<String> all = APP.get("/api/v1/jobs/" + policy + "/executions?page_size=3");
        assertThat(all.headers().firstValue("Total-Count")).hasValue("5");
        assertThat(ids(all)).containsExactly(policy + "@" + (base + 4), policy + "@" + (base + 3), policy + "@" + (base + 2));
        HttpResponse<String> second = APP.get("/api/v1/jobs/" + policy + "/executions?page_size=3&page_number=2");
        assertThat(ids(second)).as("finished executions sort by run time too").containsExactly(policy + "@" + (base + 1),
                policy + "@" + base);
        HttpResponse<String> explicitFalse = APP.get("/api/v1/jobs/" + policy + "/executions?non_dead_only=false");
        assertThat(explicitFalse.headers().firstValue("Total-Count")).as("all, not Harbor's empty page").hasValue("5");
        HttpResponse<String> live = APP.get("/api/v1/jobs/" + policy + "/executions?non_dead_only=true");
        assertThat(live.headers().firstValue("Total-Count")).hasValue("3");

        assertThat(APP.get("/api/v1/jobs/0123456789abcdef01234567/executions").statusCode()).isEqualTo(404);
        String generic = APP.submit(Jobs.noop());
        HttpResponse<String> notPeriodic = APP.get("/api/v1/jobs/" + generic + "/executions");
        assertThat(notPeriodic.statusCode()).isEqualTo(500);
        assertThat(Json.read(notPeriodic.body()).get("details").asText())
                .isEqualTo("only periodic job has executions: Generic kind is received");
        APP.stopJob(policy);
    }

    static List<String> ids(HttpResponse<String> response) throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode item : Json.read(response.body())) {
            ids.add(item.get("job").get("id").asText());
        }
        return ids;
    }
}
