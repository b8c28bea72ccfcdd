package io.jobservice.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import io.jobservice.health.HealthEndpoint;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * The handlers behind the REST table in {@code routes/api.camel.yaml}: each {@code direct:api-*} route checks the
 * secret, calls the {@link JobController} and writes the response. Failures become Harbor's error body.
 */
public final class ApiRoutes extends RouteBuilder {

    static final String AUTHORIZATION = "Authorization";
    /** The OpenAPI document of the whole API; OpenApiDocumentIT checks it against the REST table. */
    static final String OPENAPI = "/openapi.json";

    private final JobController controller;
    private final SecretAuthenticator authenticator;
    private final HealthEndpoint health;
    private final byte[] openApi;

    public ApiRoutes(JobController controller, SecretAuthenticator authenticator, HealthEndpoint health) {
        this.controller = controller;
        this.authenticator = authenticator;
        this.health = health;
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

        from("direct:api-launch-job").routeId("api-launch-job")
                .setVariable(ApiResponses.FAILURE_CODE, constant(ErrorCode.LAUNCH_JOB))
                .process(this::authenticate)
                .process(e -> ApiResponses.json(e, 202, controller.launch(e.getMessage().getBody(String.class))));

        from("direct:api-get-job").routeId("api-get-job")
                .setVariable(ApiResponses.FAILURE_CODE, constant(ErrorCode.GET_JOB_STATS))
                .process(this::authenticate)
                .process(e -> ApiResponses.json(e, 200, controller.get(e.getMessage().getHeader("job_id", String.class))));

        from("direct:api-list-jobs").routeId("api-list-jobs")
                .setVariable(ApiResponses.FAILURE_CODE, constant(ErrorCode.GET_JOBS))
                .process(this::authenticate)
                .process(e -> page(e, controller.list(QueryParams.cursor(header(e, "cursor")),
                        QueryParams.pageNumber(header(e, "page_number")), QueryParams.pageSize(header(e, "page_size")),
                        header(e, "kind"))));

        from("direct:api-job-action").routeId("api-job-action")
                .setVariable(ApiResponses.FAILURE_CODE, constant(ErrorCode.STOP_JOB))
                .process(this::authenticate)
                .process(e -> {
                    controller.act(header(e, "job_id"), e.getMessage().getBody(String.class));
                    ApiResponses.noContent(e);
                });

        from("direct:api-executions").routeId("api-executions")
                .setVariable(ApiResponses.FAILURE_CODE, constant(ErrorCode.GET_PERIODIC_EXECUTIONS))
                .process(this::authenticate)
                .process(e -> page(e, controller.executions(header(e, "job_id"),
                        QueryParams.pageNumber(header(e, "page_number")), QueryParams.pageSize(header(e, "page_size")),
                        QueryParams.nonDeadOnly(header(e, "non_dead_only")))));

        from("direct:api-list-queues").routeId("api-list-queues")
                .setVariable(ApiResponses.FAILURE_CODE, constant(ErrorCode.GET_JOBS))
                .process(this::authenticate)
                .process(e -> ApiResponses.json(e, 200, controller.queues()));

        from("direct:api-queue-action").routeId("api-queue-action")
                .setVariable(ApiResponses.FAILURE_CODE, constant(ErrorCode.MISSING_BACKEND_HANDLER))
                .process(this::authenticate)
                .process(e -> {
                    controller.queueAction(header(e, "job_name"), e.getMessage().getBody(String.class));
                    ApiResponses.noContent(e);
                });

        from("direct:api-job-log").routeId("api-job-log")
                .setVariable(ApiResponses.FAILURE_CODE, constant(ErrorCode.GET_JOB_LOG))
                .process(this::authenticate)
                .process(e -> ApiResponses.text(e, controller.log(header(e, "job_id"))));

        from("direct:api-stats").routeId("api-stats")
                .setVariable(ApiResponses.FAILURE_CODE, constant(ErrorCode.CHECK_STATS))
                .process(this::authenticateStats)
                .process(e -> ApiResponses.json(e, 200, controller.workerPools()));

        // probes and the API's description need no secret, like /stats
        from("direct:api-health-live").routeId("api-health-live")
                .process(e -> probe(e, health.liveness()));

        from("direct:api-health-ready").routeId("api-health-ready")
                .process(e -> probe(e, health.readiness()));

        from("direct:api-openapi").routeId("api-openapi")
                .process(e -> {
                    ApiResponses.text(e, openApi);
                    e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
                });

        from("direct:api-config").routeId("api-config")
                .setVariable(ApiResponses.FAILURE_CODE, constant(ErrorCode.HANDLE_JSON))
                .process(this::authenticate)
                .process(e -> ApiResponses.json(e, 200, controller.config()));
    }

    private static void probe(Exchange exchange, HealthEndpoint.Answer answer) {
        ApiResponses.json(exchange, answer.status(), answer.body());
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
