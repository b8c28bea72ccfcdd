package io.jobservice.notification;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import javax.net.ssl.X509TrustManager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jobservice.json.Json;
import javax.net.ssl.SSLContext;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.apache.hc.client5.http.impl.routing.SystemDefaultRoutePlanner;

/**
 * The Java pieces the notification job routes ({@code routes/notification-jobs.camel.yaml}) call, bound under the
 * names those routes use.
 */
public final class HttpJobSupport {

    /** Bean name of the {@link HttpClientConfigurer} that routes requests through the environment's proxies. */
    public static final String PROXY_CONFIGURER = "proxyFromEnvironment";
    /** Bean name of the SSL settings used when a job asks for {@code skip_cert_verify}. */
    public static final String TRUST_ALL = "trustAllCertificates";
    /** Bean name of this class, whose {@link #applyHeader} the WEBHOOK route calls. */
    public static final String BEAN = "httpJobSupport";

    /** Bean name of the host name verifier used with {@link #TRUST_ALL}. */
    public static final String NO_HOSTNAME_CHECK = "noHostnameCheck";

    /** Sends requests through the proxy {@code selector} picks for their URI. */
    public static HttpClientConfigurer proxyConfigurer(EnvironmentProxySelector selector) {
        return builder -> builder.setRoutePlanner(new SystemDefaultRoutePlanner(selector));
    }

    /** SSL settings of camel-http that use a ready TLS context (the CAs Harbor trusts, the internal certificate). */
    public static SSLContextParameters sslContextParameters(SSLContext context) {
        return new SSLContextParameters() {
            @Override
            public SSLContext createSSLContext(CamelContext camelContext) {
                return context;
            }
        };
    }

    /** SSL settings that accept any certificate: Harbor's {@code skip_cert_verify}. */
    public static SSLContextParameters trustAll() {
        TrustManagersParameters trust = new TrustManagersParameters();
        trust.setTrustManager(new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                // skip_cert_verify: the job's submitter chose to trust the receiver
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                // skip_cert_verify: the job's submitter chose to trust the receiver
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        });
        SSLContextParameters parameters = new SSLContextParameters();
        parameters.setTrustManagers(trust);
        return parameters;
    }

    /**
     * Sets the request headers of WEBHOOK's {@code header} parameter: Harbor's JSON object of header name to list
     * of values (a single string value is taken too).
     *
     * @throws IllegalArgumentException when the parameter is not such an object; the attempt fails, as in Harbor
     */
    public void applyHeader(Exchange exchange) {
        Object header = exchange.getMessage().getBody(Map.class).get("header");
        if (!(header instanceof String text) || text.isBlank()) {
            return;
        }
        JsonNode node;
        try {
            node = Json.read(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("error to unmarshal header: " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("error to unmarshal header: expected a JSON object of header lists");
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            List<String> values = new ArrayList<>();
            if (field.getValue().isArray()) {
                field.getValue().forEach(value -> values.add(value.asText()));
            } else {
                values.add(field.getValue().asText());
            }
            // one field with the values comma-joined means the same as repeated fields (RFC 9110, 5.3)
            exchange.getMessage().setHeader(field.getKey(), String.join(", ", values));
        }
    }
}
