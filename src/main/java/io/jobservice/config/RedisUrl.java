package io.jobservice.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A parsed {@code redis_url} in Harbor's forms (contract 11.3): {@code embedded}, {@code redis://},
 * {@code rediss://}, {@code redis+sentinel://} and {@code rediss+sentinel://}; a bare {@code host:port} gets
 * {@code redis://} prepended as in Harbor.
 *
 * @param embedded     true for our {@code embedded} value: start a Redis server in-process
 * @param tls          rediss
 * @param sentinel     the hosts are sentinels and {@code masterName} names the master
 * @param hosts        one or more {@code host:port}
 * @param masterName   sentinel master name, or null
 * @param database     database index
 * @param username     user, or null
 * @param password     password, or null
 * @param idleTimeoutSeconds the {@code idle_timeout_seconds} query parameter, or -1 when absent
 * @param text         the URL as configured, with {@code redis://} prepended to a bare {@code host:port}
 */
public record RedisUrl(boolean embedded, boolean tls, boolean sentinel, List<HostPort> hosts, String masterName,
                       int database, String username, String password, int idleTimeoutSeconds, String text) {

    /** One server address. */
    public record HostPort(String host, int port) {
    }

    public static final String EMBEDDED = "embedded";

    /** Parses the URL, throwing {@link ConfigException} for {@code key} when it cannot be used. */
    public static RedisUrl parse(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(key, "is required");
        }
        String text = value.trim();
        if (text.equals(EMBEDDED)) {
            return new RedisUrl(true, false, false, List.of(), null, 0, null, null, -1, text);
        }
        if (!text.contains("://")) {
            text = "redis://" + text;
        }
        int schemeEnd = text.indexOf("://");
        String scheme = text.substring(0, schemeEnd);
        boolean tls;
        boolean sentinel;
        switch (scheme) {
            case "redis" -> { tls = false; sentinel = false; }
            case "rediss" -> { tls = true; sentinel = false; }
            case "redis+sentinel" -> { tls = false; sentinel = true; }
            case "rediss+sentinel" -> { tls = true; sentinel = true; }
            default -> throw new ConfigException(key, "unsupported scheme '" + scheme
                    + "' (use embedded, redis://, rediss://, redis+sentinel:// or rediss+sentinel://)");
        }
        String rest = text.substring(schemeEnd + 3);
        int idleTimeout = -1;
        int query = rest.indexOf('?');
        if (query >= 0) {
            idleTimeout = parseIdleTimeout(key, rest.substring(query + 1));
            rest = rest.substring(0, query);
        }
        String username = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            username = decode(colon >= 0 ? userInfo.substring(0, colon) : userInfo);
            password = colon >= 0 ? decode(userInfo.substring(colon + 1)) : null;
            if (username.isEmpty()) {
                username = null;
            }
        }
        int slash = rest.indexOf('/');
        String hostPart = slash >= 0 ? rest.substring(0, slash) : rest;
        String path = slash >= 0 ? rest.substring(slash + 1) : "";
        List<HostPort> hosts = parseHosts(key, hostPart, sentinel);
        String masterName = null;
        String dbText = path;
        if (sentinel) {
            int next = path.indexOf('/');
            masterName = next >= 0 ? path.substring(0, next) : path;
            dbText = next >= 0 ? path.substring(next + 1) : "";
            if (masterName.isEmpty()) {
                throw new ConfigException(key, "a sentinel URL needs the master name: redis+sentinel://host:port/<master>[/db]");
            }
        }
        int database = 0;
        if (!dbText.isEmpty()) {
            try {
                database = Integer.parseInt(dbText);
            } catch (NumberFormatException e) {
                throw new ConfigException(key, "database '" + dbText + "' is not a number");
            }
            if (database < 0) {
                throw new ConfigException(key, "database must be >= 0");
            }
        }
        return new RedisUrl(false, tls, sentinel, hosts, masterName, database, username, password, idleTimeout, text);
    }

    private static List<HostPort> parseHosts(String key, String hostPart, boolean sentinel) {
        if (hostPart.isEmpty()) {
            throw new ConfigException(key, "no host in '" + hostPart + "'");
        }
        String[] parts = hostPart.split(",");
        if (parts.length > 1 && !sentinel) {
            throw new ConfigException(key, "several hosts are only allowed in a redis+sentinel:// URL");
        }
        List<HostPort> hosts = new ArrayList<>();
        for (String part : parts) {
            int colon = part.lastIndexOf(':');
            String host = colon >= 0 ? part.substring(0, colon) : part;
            int port = sentinel ? 26379 : 6379;
            if (colon >= 0) {
                try {
                    port = Integer.parseInt(part.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new ConfigException(key, "port '" + part.substring(colon + 1) + "' is not a number");
                }
            }
            if (host.isEmpty()) {
                throw new ConfigException(key, "empty host in '" + part + "'");
            }
            if (port < 1 || port > 65535) {
                throw new ConfigException(key, "port " + port + " is out of range 1..65535");
            }
            hosts.add(new HostPort(host, port));
        }
        return List.copyOf(hosts);
    }

    private static int parseIdleTimeout(String key, String query) {
        int result = -1;
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals("idle_timeout_seconds")) {
                try {
                    result = Integer.parseInt(pair.substring(eq + 1));
                } catch (NumberFormatException e) {
                    throw new ConfigException(key, "idle_timeout_seconds '" + pair.substring(eq + 1) + "' is not a number");
                }
            }
        }
        return result;
    }

    private static String decode(String s) {
        // Go keeps '+' in user info; URLDecoder would turn it into a space
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The URL with any password masked, for logs. */
    public String redacted() {
        return password == null ? text : USER_INFO_PASSWORD.matcher(text).replaceFirst("$1***@");
    }

    private static final Pattern USER_INFO_PASSWORD =
            Pattern.compile("^([a-z+]+://[^:@/]*:)[^/]*@");
}
