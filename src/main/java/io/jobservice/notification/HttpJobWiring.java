package io.jobservice.notification;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.jobservice.tls.TlsMaterial;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.spi.Registry;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;

import static org.apache.camel.support.CamelContextHelper.parseText;

/**
 * Sets up the outgoing HTTP calls (status hooks, WEBHOOK and SLACK jobs): they trust Harbor's CAs and present the
 * internal TLS certificate, and the notification routes find their proxy and TLS beans by the names they use.
 */
public final class HttpJobWiring implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        Registry beans = context.getRegistry();
        TlsMaterial tls = beans.mandatoryFindSingleByType(TlsMaterial.class);
        context.getComponent("http", HttpComponent.class)
                .setSslContextParameters(HttpJobSupport.sslContextParameters(tls.clientContext()));
        Map<String, String> proxies = new LinkedHashMap<>();
        for (String name : List.of("HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY")) {
            String key = "jobservice.http-jobs." + name.toLowerCase(Locale.ROOT).replace('_', '-');
            proxies.put(name, parseText(context, "{{" + key + "}}").trim());
        }
        EnvironmentProxySelector proxySelector = EnvironmentProxySelector.of(proxies, System.getenv());
        beans.bind(HttpJobSupport.PROXY_CONFIGURER, HttpJobSupport.proxyConfigurer(proxySelector));
        beans.bind(HttpJobSupport.TRUST_ALL, HttpJobSupport.trustAll());
        beans.bind(HttpJobSupport.NO_HOSTNAME_CHECK, NoopHostnameVerifier.INSTANCE);
        beans.bind(HttpJobSupport.BEAN, new HttpJobSupport());
    }
}
