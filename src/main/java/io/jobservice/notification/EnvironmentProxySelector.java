package io.jobservice.notification;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Picks the proxy for an HTTP job's request the way Go's {@code http.ProxyFromEnvironment} does for Harbor's
 * notification jobs: {@code HTTPS_PROXY} for https, {@code HTTP_PROXY} for http (the lower-case names too), no
 * proxy for hosts matched by {@code NO_PROXY} nor for localhost and loopback addresses. {@code NO_PROXY} entries
 * are {@code *}, a host name (which also matches its subdomains; a leading dot matches subdomains only), an IP
 * address or a CIDR range, each optionally with {@code :port}.
 */
public final class EnvironmentProxySelector extends ProxySelector {

    private final Proxy httpProxy;
    private final Proxy httpsProxy;
    private final List<String> noProxy;

    /**
     * @param httpProxy  proxy URL for http requests ({@code http://host:port} or {@code host:port}), or blank
     * @param httpsProxy proxy URL for https requests, or blank
     * @param noProxy    comma-separated exceptions, or blank
     */
    public EnvironmentProxySelector(String httpProxy, String httpsProxy, String noProxy) {
        this.httpProxy = proxyOf(httpProxy);
        this.httpsProxy = proxyOf(httpsProxy);
        this.noProxy = noProxy == null || noProxy.isBlank() ? List.of()
                : List.of(noProxy.toLowerCase(Locale.ROOT).replace(" ", "").split(","));
    }

    /**
     * The selector of the given settings, each taken from its property when that is set, else from the environment
     * (upper-case name first, as Go reads them).
     */
    public static EnvironmentProxySelector of(Map<String, String> properties, Map<String, String> env) {
        return new EnvironmentProxySelector(setting("HTTP_PROXY", properties, env),
                setting("HTTPS_PROXY", properties, env), setting("NO_PROXY", properties, env));
    }

    private static String setting(String name, Map<String, String> properties, Map<String, String> env) {
        String property = properties.get(name);
        if (property != null && !property.isBlank()) {
            return property;
        }
        String upper = env.get(name);
        return upper != null && !upper.isBlank() ? upper : env.get(name.toLowerCase(Locale.ROOT));
    }

    /** Whether any proxy is configured at all. */
    public boolean configured() {
        return httpProxy != Proxy.NO_PROXY || httpsProxy != Proxy.NO_PROXY;
    }

    @Override
    public List<Proxy> select(URI uri) {
        Proxy proxy = "https".equalsIgnoreCase(uri.getScheme()) ? httpsProxy : httpProxy;
        if (proxy == Proxy.NO_PROXY || uri.getHost() == null || bypasses(uri)) {
            return List.of(Proxy.NO_PROXY);
        }
        return List.of(proxy);
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException failure) {
        // nothing to learn: the request fails and the job's retry policy takes over
    }

    private boolean bypasses(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.equals("localhost") || isLoopbackLiteral(host)) {
            return true;
        }
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        for (String entry : noProxy) {
            if (matches(entry, host, port)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String entry, String host, int port) {
        if (entry.isEmpty()) {
            return false;
        }
        if (entry.equals("*")) {
            return true;
        }
        if (entry.contains("/")) {
            return inRange(entry, host);
        }
        String name = entry;
        int colon = entry.lastIndexOf(':');
        if (colon > 0 && entry.indexOf(':') == colon) {
            if (!entry.substring(colon + 1).equals(Integer.toString(port))) {
                return false;
            }
            name = entry.substring(0, colon);
        }
        if (name.startsWith(".")) {
            return host.endsWith(name);
        }
        return host.equals(name) || host.endsWith("." + name);
    }

    private static boolean inRange(String cidr, String host) {
        byte[] address = literal(host);
        String[] parts = cidr.split("/", 2);
        byte[] network = literal(parts[0]);
        if (address == null || network == null || address.length != network.length) {
            return false;
        }
        int bits;
        try {
            bits = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            return false;
        }
        for (int i = 0; i < address.length && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
            if ((address[i] & mask) != (network[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLoopbackLiteral(String host) {
        byte[] address = literal(host);
        try {
            return address != null && InetAddress.getByAddress(address).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    /** The bytes of an IP literal, or null for a host name (never resolved: that would cost a DNS lookup). */
    private static byte[] literal(String text) {
        boolean ipv4 = text.matches("[0-9.]+") && text.chars().filter(c -> c == '.').count() == 3;
        boolean ipv6 = text.contains(":") && text.matches("[0-9a-f:.]+");
        if (!ipv4 && !ipv6) {
            return null;
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (IOException e) {
            return null;
        }
    }

    private static Proxy proxyOf(String url) {
        if (url == null || url.isBlank()) {
            return Proxy.NO_PROXY;
        }
        URI uri = URI.create(url.contains("://") ? url.trim() : "http://" + url.trim());
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("proxy URL '" + url + "' has no host");
        }
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(uri.getHost(), port));
    }
}
