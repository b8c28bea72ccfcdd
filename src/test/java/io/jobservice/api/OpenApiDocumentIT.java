package io.jobservice.api;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobservice.json.Json;
import io.jobservice.support.TestAppExtension;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The served OpenAPI document describes exactly the REST routes the running service has. */
class OpenApiDocumentIT {

    @RegisterExtension
    static final TestAppExtension APP = TestAppExtension.perClass().workers(1);

    @Test
    void should_describe_every_route_the_service_serves_and_no_other() throws Exception {
        HttpResponse<String> response = APP.send(HttpRequest.newBuilder(APP.uri("/api/v1/openapi.json")).GET().build());
        assertThat(response.statusCode()).as("served without a secret").isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode doc = Json.read(response.body());
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        assertThat(doc.get("servers").get(0).get("url").asText()).isEqualTo("/api/v1");

        Set<String> documented = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method -> {
                if (!method.equals("parameters")) {
                    documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            });
            path.getValue().fields().forEachRemaining(operation -> {
                if (!operation.getKey().equals("parameters")) {
                    assertThat(operation.getValue().get("responses")).as(operation.getKey() + " " + path.getKey())
                            .isNotNull();
                }
            });
        }

        Set<String> served = new TreeSet<>();
        for (RestDefinition rest : ((ModelCamelContext) APP.service().camelContext()).getRestDefinitions()) {
            assertThat(rest.getPath()).isEqualTo("/api/v1");
            for (VerbDefinition verb : rest.getVerbs()) {
                served.add(verb.asVerb().toUpperCase(Locale.ROOT) + " " + verb.getPath());
            }
        }
        assertThat(served).hasSizeGreaterThanOrEqualTo(13);
        assertThat(documented).isEqualTo(served);
    }
}
