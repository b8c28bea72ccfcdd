package io.jobservice.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;

import io.jobservice.health.HealthEndpoint;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ProcessorDefinition;

/**
 * The handlers behind the REST table in {@code routes/api.camel.yaml}: each {@code direct:api-*} route checks the
 * secret, calls the {@link JobController} and writes the response. Failures become Harbor's error body.
 */
public final class ApiRoutes extends RouteBuilder {

    static final String AUTHORIZATION = "Authorization";
    /** The OpenAPI document of the whole API; OpenApiDocumentIT checks it against the REST table. */
    static final String OPENAPI = "/openapi.json";

    private final JobController controller;
    private final DashboardController dashboard;
    private final SecretAuthenticator authenticator;
    private final HealthEndpoint health;
    private final ExecutorService blocking;
    private final byte[] openApi;

    /** @param blocking the API's worker pool, for the routes that wait on Redis (see {@link #fromWorkers}) */
    public ApiRoutes(JobController controller, DashboardController dashboard, SecretAuthenticator authenticator,
                     HealthEndpoint health, ExecutorService blocking) {
        this.controller = controller;
        this.dashboard = dashboard;
        this.authenticator = authenticator;
        this.health = health;
        this.blocking = blocking;
        this.openApi = resource(OPENAPI);
    }

    private static byte[] resource(String name) {
        try (InputStream in = ApiRoutes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void configure() {
        onException(Exception.class).handled(true).process(ApiResponses::error);

        // on the event loop from start to end: the one Redis call is asynchronous
        from("direct:api-launch-job").routeId("api-launch-job")
                .setVariable(ApiResponses.FAILURE_CODE, constant(ErrorCode.LAUNCH_JOB))
                .process(this::authenticate)
                .process(new LaunchProcessor());

        fromWorkers("api-get-job")
                .setVariable(ApiResponses.FAILURE_CODE, constant(ErrorCode.GET_JOB_STATS))
                .process(this::authenticate)
                .process(e -> ApiResponses.json(e, 200, controller.get(e.getMessage().getHeader("job_id", String.class))));

        fromWorkers("api-list-jobs")
                .setVariable(ApiResponses.FAILURE_CODE, constant(ErrorCode.GET_JOBS))
                .process(this::authenticate)
                .process(e -> page(e, controller.list(QueryParams.cursor(header(e, "cursor")),
                        QueryParams.pageNumber(header(e, "page_number")), QueryParams.pageSize(header(e, "page_size")),
                        new JobController.Filter(header(e, "kind"),
                                QueryParams.fromRawQuery(header(e, Exchange.HTTP_RAW_QUERY), "job_name"),
                                header(e, "status")))));

        fromWorkers("api-job-action")
                .setVariable(ApiResponses.FAILURE_CODE, constant(ErrorCode.STOP_JOB))
                .process(this::authenticate)
                .process(e -> {
                    controller.act(header(e, "job_id"), body(e));
                    ApiResponses.noContent(e);
                });

        fromWorkers("api-executions")
                .setVariable(ApiResponses.FAILURE_CODE, constant(ErrorCode.GET_PERIODIC_EXECUTIONS))
                .process(this::authenticate)
                .process(e -> page(e, controller.executions(header(e, "job_id"),
                        QueryParams.pageNumber(header(e, "page_number")), QueryParams.pageSize(header(e, "page_size")),
                        QueryParams.nonDeadOnly(header(e, "non_dead_only")))));

        fromWorkers("api-list-queues")
                .setVariable(ApiResponses.FAILURE_CODE, constant(ErrorCode.GET_JOBS))
                .process(this::authenticate)
                .process(e -> ApiResponses.json(e, 200, controller.queues()));

        fromWorkers("api-queue-action")
                .setVariable(ApiResponses.FAILURE_CODE, constant(ErrorCode.MISSING_BACKEND_HANDLER))
                .process(this::authenticate)
                .process(e -> {
                    controller.queueAction(header(e, "job_name"), body(e));
                    ApiResponses.noContent(e);
                });

        fromWorkers("api-job-log")
                .setVariable(ApiResponses.FAILURE_CODE, constant(ErrorCode.GET_JOB_LOG))
                .process(this::authenticate)
                .process(e -> ApiResponses.text(e, controller.log(header(e, "job_id"))));

        fromWorkers("api-stats")
                .setVariable(ApiResponses.FAILURE_CODE, constant(ErrorCode.CHECK_STATS))
                .process(this::authenticateStats)
                .process(e -> ApiResponses.json(e, 200, controller.workerPools()));

        configureDashboard();

        // probes and the API's description need no secret, like /stats
        from("direct:api-health-live").routeId("api-health-live")
                .process(e -> probe(e, health.liveness()));

        fromWorkers("api-health-ready")
                .process(e -> probe(e, health.readiness()));

        from("direct:api-openapi").routeId("api-openapi")
                .process(e -> {
                    ApiResponses.text(e, openApi);
                    e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
                });

        fromWorkers("api-config")
                .setVariable(ApiResponses.FAILURE_CODE, constant(ErrorCode.HANDLE_JSON))
                .process(this::authenticate)
                .process(e -> ApiResponses.json(e, 200, controller.config()));
    }

    /** Ours, for the dashboard (issue 16). */
    private void configureDashboard() {
        fromWorkers("api-dashboard-overview")
                .setVariable(ApiResponses.FAILURE_CODE, constant(ErrorCode.CHECK_STATS))
                .process(this::authenticate)
                .process(e -> ApiResponses.json(e, 200, dashboard.overview()));

        fromWorkers("api-set-entries")
                .setVariable(ApiResponses.FAILURE_CODE, constant(ErrorCode.GET_JOBS))
                .process(this::authenticate)
                .process(e -> page(e, dashboard.entries(header(e, "set"),
                        QueryParams.pageNumber(header(e, "page_number")),
                        DashboardController.pageSize(header(e, "page_size")))));

        fromWorkers("api-set-entry-action")
                .setVariable(ApiResponses.FAILURE_CODE, constant(ErrorCode.RETRY_JOB))
                .process(this::authenticate)
                .process(e -> {
                    dashboard.act(header(e, "set"), header(e, "entry_id"), body(e));
                    ApiResponses.noContent(e);
                });

        fromWorkers("api-set-entry-delete")
                .setVariable(ApiResponses.FAILURE_CODE, constant(ErrorCode.STOP_JOB))
                .process(this::authenticate)
                .process(e -> {
                    dashboard.delete(header(e, "set"), header(e, "entry_id"));
                    ApiResponses.noContent(e);
                });

        fromWorkers("api-periodic-policies")
                .setVariable(ApiResponses.FAILURE_CODE, constant(ErrorCode.GET_PERIODIC_EXECUTIONS))
                .process(this::authenticate)
                .process(e -> page(e, dashboard.policies(QueryParams.pageNumber(header(e, "page_number")),
                        DashboardController.pageSize(header(e, "page_size")))));

        fromWorkers("api-workers")
                .setVariable(ApiResponses.FAILURE_CODE, constant(ErrorCode.CHECK_STATS))
                .process(this::authenticate)
                .process(e -> ApiResponses.json(e, 200, dashboard.workers()));

        fromWorkers("api-job-hook")
                .setVariable(ApiResponses.FAILURE_CODE, constant(ErrorCode.GET_JOB_STATS))
                .process(this::authenticate)
                .process(e -> ApiResponses.json(e, 200, dashboard.hook(header(e, "job_id"))));
    }

    /**
     * A route that waits on Redis: it continues on the API's worker pool, so the event loop that read the request
     * goes on serving others.
     */
    private ProcessorDefinition<?> fromWorkers(String routeId) {
        return from("direct:" + routeId).routeId(routeId).threads().executorService(blocking);
    }

    /** Submits without waiting: the route goes on when Redis answers, on Lettuce's thread. */
    private final class LaunchProcessor extends AsyncProcessorSupport {
        @Override
        public boolean process(Exchange exchange, AsyncCallback callback) {
            CompletionStage<Map<String, Object>> launched;
            try {
                launched = controller.launch(body(exchange));
            } catch (RuntimeException e) {
                exchange.setException(e);
                callback.done(true);
                return true;
            }
            launched.whenComplete((body, failure) -> {
                if (failure == null) {
                    ApiResponses.json(exchange, 202, body);
                } else {
                    exchange.setException(failure instanceof CompletionException ? failure.getCause() : failure);
                }
                callback.done(false);
            });
            return false;
        }
    }

    private static void probe(Exchange exchange, HealthEndpoint.Answer answer) {
        ApiResponses.json(exchange, answer.status(), answer.body());
    }

    /**
     * The request body as text, decoded from the bytes {@link ApiHttpEngine} hands over (Camel's converters would go
     * through a buffered Reader: 24 KB of buffers per request, half of what a submit allocated).
     */
    static String body(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        return body instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                : exchange.getMessage().getBody(String.class);
    }

    private static String header(Exchange exchange, String name) {
        return exchange.getMessage().getHeader(name, String.class);
    }

    private static void page(Exchange exchange, JobController.Page page) {
        ApiResponses.json(exchange, 200, page.items());
        page.headers().forEach(exchange.getMessage()::setHeader);
    }

    private void authenticate(Exchange exchange) {
        authenticator.check(exchange.getMessage().getHeader(AUTHORIZATION, String.class));
    }

    /** Harbor exempts exactly the URI {@code /api/v1/stats}; with a query string it needs the secret (1.1). */
    private void authenticateStats(Exchange exchange) {
        String query = exchange.getMessage().getHeader(Exchange.HTTP_RAW_QUERY, String.class);
        if (query != null && !query.isEmpty()) {
            authenticate(exchange);
        }
    }
}
