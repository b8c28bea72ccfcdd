package io.jobservice.metrics;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import javax.management.MBeanServer;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import io.jobservice.json.Json;
import io.jobservice.support.HookReceiver;
import io.jobservice.support.Jobs;
import io.jobservice.support.RedisServerExtension;
import io.jobservice.support.TestAppExtension;
import io.jobservice.support.TestJobs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * JMX and Prometheus after one known sequence of jobs: 3 NOOP with a status hook (Success), 1 BROKEN (Error), 1
 * DEMO stopped through the Jobs MBean, 1 Scheduled job an hour out and 1 periodic policy.
 */
class MonitoringIT {

    static final int METRIC_PORT = RedisServerExtension.freePort();
    static final int JMX_PORT = RedisServerExtension.freePort();

    @RegisterExtension
    static final TestAppExtension APP = TestAppExtension.perClass().workers(4)
            .property("jobservice.jmx.port", Integer.toString(JMX_PORT)).property("camel.management.host", "127.0.0.1")
            .jobLoggers("""
                    job_loggers:
                      - name: STD_OUTPUT
                        level: WARNING
                    metric:
                      enabled: true
                      port: %d
                      path: /metrics
                    """.formatted(METRIC_PORT));
    static final MBeanServer MBEANS = ManagementFactory.getPlatformMBeanServer();
    static HookReceiver receiver;
    static String poolId;
    static PrometheusText whileDemoRan;

    @BeforeAll
    static void runTheSequence() throws Exception {
        receiver = new HookReceiver();
        poolId = Json.read(APP.get("/api/v1/stats").body()).get("worker_pools").get(0).get("worker_pool_id").asText();

        List<String> noops = List.of(submitWithHook(), submitWithHook(), submitWithHook());
        String broken = APP.submit(Jobs.generic(TestJobs.BROKEN, "{}"));
        String demo = APP.submit(Jobs.demo(60_000, false));
        APP.submit(Jobs.job("NOOP").parameters("{}").scheduled(3600).json());
        APP.submit(Jobs.job("NOOP").parameters("{}").periodic("0 0 * * * *").json());
        await().atMost(Duration.ofSeconds(10)).until(() -> noops.stream().allMatch(id -> APP.status(id).equals("Success"))
                && APP.status(broken).equals("Error") && APP.status(demo).equals("Running"));

        await().atMost(Duration.ofSeconds(5)).until(() -> scrape().find("harbor_task_concurrency", "type", "DEMO").size() == 1);
        whileDemoRan = scrape();
        Object answer = MBEANS.invoke(name("Jobs", null), "stop", new Object[] {demo}, new String[] {String.class.getName()});
        assertThat(answer).isEqualTo("job " + demo + " stopped");
        await().atMost(Duration.ofSeconds(5)).until(() -> (Long) attribute("JobType", "DEMO", "Stopped") == 1);
        // the receiver has an event a moment before the service counts it delivered
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 6
                && (Long) attribute("Hooks", null, "Delivered") == 6);
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    static String submitWithHook() {
        return APP.submit(Jobs.job("NOOP").parameters("{}").hook(receiver.url("/hooks")).json());
    }

    /** The names as the README writes them, unquoted. */
    static ObjectName name(String type, String name) throws Exception {
        return new ObjectName("io.jobservice:context=" + APP.service().camelContext().getName()
                + ",type=" + type + (name == null ? "" : ",name=" + name));
    }

    static Object attribute(String type, String name, String attribute) throws Exception {
        return MBEANS.getAttribute(name(type, name), attribute);
    }

    static PrometheusText scrape() throws Exception {
        HttpResponse<String> response = scrape("*/*");
        assertThat(response.statusCode()).isEqualTo(200);
        return PrometheusText.parse(response.body());
    }

    static HttpResponse<String> scrape(String accept) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + METRIC_PORT
                + "/metrics")).header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "text/plain;version=0.0.4", "*/*",
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,"
                    + "text/plain;version=0.0.4;q=0.3"})
    void should_serve_the_text_format_for_any_accept_that_does_not_ask_for_openmetrics(String accept) throws Exception {
        HttpResponse<String> response = scrape(accept);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body()).contains("harbor_jobservice_info");
    }

    @Test
    void should_serve_openmetrics_when_asked() throws Exception {
        HttpResponse<String> response = scrape("application/openmetrics-text; version=1.0.0");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(
                "application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(response.body()).endsWith("# EOF\n");
    }

    @Test
    void should_show_the_sequence_in_the_job_type_mbeans() throws Exception {
        assertThat(attribute("JobType", "NOOP", "Processed")).isEqualTo(3L);
        assertThat(attribute("JobType", "NOOP", "Failed")).isEqualTo(0L);
        assertThat(attribute("JobType", "BROKEN", "Processed")).isEqualTo(1L);
        assertThat(attribute("JobType", "BROKEN", "Failed")).isEqualTo(1L);
        assertThat(attribute("JobType", "DEMO", "Stopped")).isEqualTo(1L);
        assertThat(attribute("JobType", "DEMO", "MaxConcurrency")).isEqualTo(1);
        assertThat(attribute("JobType", "NOOP", "QueueSize")).isEqualTo(0L);
        assertThat(attribute("JobType", "NOOP", "RunningInCluster")).isEqualTo(0L);
        assertThat(MBEANS.queryNames(new ObjectName("io.jobservice:type=JobType,*"), null))
                .as("one MBean per registered type").hasSizeGreaterThanOrEqualTo(8);
    }

    @Test
    void should_pause_and_resume_a_job_type_through_its_mbean() throws Exception {
        MBEANS.invoke(name("JobType", "COUNT"), "pause", null, null);
        assertThat(attribute("JobType", "COUNT", "Paused")).isEqualTo(true);
        assertThat(Json.read(APP.get("/api/v1/queues").body()).toString()).contains("{\"job_name\":\"COUNT\",\"size\":0,"
                + "\"latency_seconds\":0,\"paused\":true");
        MBEANS.invoke(name("JobType", "COUNT"), "resume", null, null);
        assertThat(attribute("JobType", "COUNT", "Paused")).isEqualTo(false);
    }

    @Test
    void should_show_the_pool_scheduler_and_hooks() throws Exception {
        assertThat(attribute("WorkerPool", null, "PoolId")).isEqualTo(poolId);
        assertThat(attribute("WorkerPool", null, "Concurrency")).isEqualTo(4);
        assertThat((Long) attribute("WorkerPool", null, "HeartbeatAt")).isPositive();
        assertThat((String[]) attribute("WorkerPool", null, "JobNames")).contains("NOOP", "WEBHOOK", "DEMO");
        assertThat(attribute("Scheduler", null, "ScheduledJobs")).isEqualTo(1L);
        assertThat(attribute("Scheduler", null, "Policies")).isEqualTo(1L);
        assertThat((String[]) attribute("Scheduler", null, "NextFireTimes")).singleElement().asString()
                .contains(" 0 0 * * * * next ");
        assertThat(attribute("Hooks", null, "Delivered")).isEqualTo(6L);
        assertThat(attribute("Hooks", null, "Failed")).isEqualTo(0L);
        // queue counts are read from Redis at most once a second
        await().atMost(Duration.ofSeconds(5)).until(() -> (Long) attribute("Hooks", null, "Pending") == 0);
    }

    @Test
    void should_answer_remote_jmx_on_its_port() throws Exception {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi://127.0.0.1:" + JMX_PORT + "/jndi/rmi://127.0.0.1:"
                + JMX_PORT + "/jmxrmi");
        try (JMXConnector connector = JMXConnectorFactory.connect(url)) {
            MBeanServerConnection remote = connector.getMBeanServerConnection();
            assertThat(remote.getAttribute(name("WorkerPool", null), "PoolId")).isEqualTo(poolId);
            assertThat(remote.queryNames(new ObjectName("org.apache.camel:type=routes,*"), null)).isNotEmpty();
        }
    }

    @Test
    void should_serve_the_sequence_under_harbors_metric_names() throws Exception {
        // queue counts are read from Redis at most once a second: wait for a read after the DEMO job stopped
        await().atMost(Duration.ofSeconds(5)).until(() -> scrape().value("harbor_task_concurrency", "type", "DEMO",
                "pool", poolId) == 0.0);
        PrometheusText metrics = scrape();
        assertThat(metrics.value("harbor_jobservice_info", "pool", poolId, "workers", "4")).isEqualTo(1.0);
        assertThat(metrics.value("harbor_jobservice_task_total", "type", "NOOP", "status", "success")).isEqualTo(3.0);
        assertThat(metrics.value("harbor_jobservice_task_total", "type", "BROKEN", "status", "fail")).isEqualTo(1.0);
        assertThat(metrics.value("harbor_jobservice_task_total", "type", "DEMO", "status", "stop")).isEqualTo(1.0);
        assertThat(metrics.value("harbor_jobservice_task_process_time_seconds_count", "type", "NOOP", "status",
                "success")).isEqualTo(3.0);
        assertThat(metrics.find("harbor_jobservice_task_process_time_seconds", "type", "NOOP"))
                .extracting(s -> s.labels().get("quantile")).containsExactlyInAnyOrder("0.5", "0.9", "0.99");
        assertThat(metrics.value("harbor_task_queue_size", "type", "NOOP")).isEqualTo(0.0);
        assertThat(metrics.value("harbor_task_queue_latency", "type", "NOOP")).isEqualTo(0.0);
        assertThat(metrics.value("harbor_task_scheduled_total")).isEqualTo(1.0);
        assertThat(metrics.value("harbor_jobservice_hook_delivered_total")).isEqualTo(6.0);
        assertThat(metrics.value("harbor_jobservice_hook_waiting")).isEqualTo(0.0);
        assertThat(whileDemoRan.value("harbor_task_concurrency", "type", "DEMO", "pool", poolId)).isEqualTo(1.0);
        assertThat(metrics.value("harbor_task_concurrency", "type", "DEMO", "pool", poolId)).as("0 once it stopped")
                .isEqualTo(0.0);
        assertThat(metrics.names()).anyMatch(n -> n.startsWith("jvm_memory"))
                .anyMatch(n -> n.startsWith("camel_exchanges"));
        assertThat(metrics.find("camel_exchanges_total", "routeId", "hook-deliver")).isNotEmpty();
    }
}
