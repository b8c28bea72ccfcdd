package io.jobservice.notification;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Proxy choice as Go's ProxyFromEnvironment makes it for Harbor's notification jobs. */
class EnvironmentProxySelectorTest {

    final EnvironmentProxySelector selector = new EnvironmentProxySelector("http://proxy.corp:3128",
            "secure-proxy.corp:8443", "internal.corp, .svc.local,10.0.0.0/8,registry.corp:8080,[::1]");

    static String proxyOf(EnvironmentProxySelector selector, String url) {
        Proxy proxy = selector.select(URI.create(url)).get(0);
        if (proxy == Proxy.NO_PROXY) {
            return "direct";
        }
        InetSocketAddress address = (InetSocketAddress) proxy.address();
        return address.getHostString() + ":" + address.getPort();
    }

    @Test
    void should_pick_the_proxy_of_the_scheme() {
        assertThat(proxyOf(selector, "http://hooks.example.com/x")).isEqualTo("proxy.corp:3128");
        assertThat(proxyOf(selector, "https://hooks.slack.com/services/T/B/X")).isEqualTo("secure-proxy.corp:8443");
    }

    @Test
    void should_go_direct_for_no_proxy_hosts_and_loopback() {
        assertThat(proxyOf(selector, "http://internal.corp/x")).isEqualTo("direct");
        assertThat(proxyOf(selector, "http://api.internal.corp/x")).as("subdomain").isEqualTo("direct");
        assertThat(proxyOf(selector, "http://notinternal.corp/x")).isEqualTo("proxy.corp:3128");
        assertThat(proxyOf(selector, "http://core.svc.local/x")).isEqualTo("direct");
        assertThat(proxyOf(selector, "http://svc.local/x")).as("a leading dot matches subdomains only")
                .isEqualTo("proxy.corp:3128");
        assertThat(proxyOf(selector, "http://10.2.3.4:8080/x")).isEqualTo("direct");
        assertThat(proxyOf(selector, "http://11.2.3.4/x")).isEqualTo("proxy.corp:3128");
        assertThat(proxyOf(selector, "http://registry.corp:8080/x")).isEqualTo("direct");
        assertThat(proxyOf(selector, "http://registry.corp:9090/x")).as("other port").isEqualTo("proxy.corp:3128");
        assertThat(proxyOf(selector, "http://localhost:8080/x")).isEqualTo("direct");
        assertThat(proxyOf(selector, "http://127.0.0.1:8080/x")).isEqualTo("direct");
        assertThat(proxyOf(selector, "http://[::1]:8080/x")).isEqualTo("direct");
    }

    @Test
    void should_read_properties_first_then_upper_then_lower_case_environment() {
        EnvironmentProxySelector fromEnv = EnvironmentProxySelector.of(Map.of("HTTP_PROXY", ""),
                Map.of("http_proxy", "lower:1", "HTTPS_PROXY", "upper:2", "https_proxy", "ignored:3", "NO_PROXY", "*"));
        assertThat(fromEnv.configured()).isTrue();
        assertThat(proxyOf(fromEnv, "http://a.example")).as("NO_PROXY=* bypasses all").isEqualTo("direct");
        EnvironmentProxySelector fromProperty = EnvironmentProxySelector.of(Map.of("HTTP_PROXY", "prop:4"),
                Map.of("HTTP_PROXY", "env:5"));
        assertThat(proxyOf(fromProperty, "http://a.example")).isEqualTo("prop:4");
        assertThat(proxyOf(fromProperty, "https://a.example")).as("no https proxy").isEqualTo("direct");
        assertThat(EnvironmentProxySelector.of(Map.of(), Map.of()).configured()).isFalse();
    }
}
