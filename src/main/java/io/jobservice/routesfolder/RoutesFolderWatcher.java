package io.jobservice.routesfolder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.jobservice.job.JobRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.RoutesLoader;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the routes of the YAML files under the routes folder in line with the files while the service runs
 * (decisions D5). It replaces Camel's own reload, which does not remove the routes of a deleted file and, once one
 * file is broken, fails every later reload of every file (stack.md gotcha 4, and seen here).
 *
 * <ul>
 *   <li>A new or edited file is applied once its content has been the same on two looks in a row, so a file
 *       caught half written is not loaded. Only that file's routes change: routes it no longer has are removed,
 *       the others are replaced or added through Camel's routes loader. A route being replaced first waits for
 *       its running exchanges; its job type's queued jobs wait too (see {@link JobRegistry#beginReplacement}).</li>
 *   <li>A file that does not parse, or whose routes do not start, is reported with the parser's line and column,
 *       and the previous version of its routes is put back.</li>
 *   <li>A deleted file's routes are stopped and removed. An empty file is taken as one being written, not as a
 *       file without routes.</li>
 * </ul>
 */
public final class RoutesFolderWatcher extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(RoutesFolderWatcher.class);
    static final String SUFFIX = ".camel.yaml";

    private final CamelContext context;
    private final JobRegistry registry;
    private final Path folder;
    private final long periodMs;
    /** File name to the hash of the content whose routes are in the context (or were last tried). */
    private final Map<String, String> applied = new HashMap<>();
    /** File name to the hash seen at the previous look. */
    private Map<String, String> seen = new HashMap<>();
    /** Files of the folder that are not route files, already warned about. */
    private final Set<String> ignored = new HashSet<>();
    private ScheduledExecutorService executor;

    /** @param registry told while files are applied, so a replaced route job type keeps its queued jobs */
    public RoutesFolderWatcher(CamelContext context, JobRegistry registry, Path folder, long periodMs) {
        this.context = context;
        this.registry = registry;
        this.folder = folder;
        this.periodMs = periodMs;
    }

    /** Takes the files as loaded at start as the applied versions, then looks every period. */
    @Override
    protected synchronized void doStart() {
        seen = scan();
        applied.putAll(seen);
        executor = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "routes-folder-watcher");
        executor.scheduleWithFixedDelay(this::runOnce, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    @Override
    protected synchronized void doStop() {
        if (executor != null) {
            context.getExecutorServiceManager().shutdownNow(executor);
            executor = null;
        }
    }

    /** One look at the folder: applies the files that changed and are stable, removes the routes of deleted ones. */
    public synchronized void runOnce() {
        try {
            Map<String, String> now = scan();
            for (Map.Entry<String, String> file : now.entrySet()) {
                String name = file.getKey();
                boolean stable = file.getValue().equals(seen.get(name));
                if (stable && !file.getValue().equals(applied.get(name))) {
                    applied.put(name, file.getValue());
                    registry.beginReplacement();
                    try {
                        apply(name);
                    } finally {
                        registry.endReplacement(System.currentTimeMillis());
                    }
                }
            }
            for (String name : new ArrayList<>(applied.keySet())) {
                if (!now.containsKey(name)) {
                    applied.remove(name);
                    removeRoutesOf(name, "its file was deleted");
                }
            }
            seen = now;
        } catch (RuntimeException e) {
            LOG.error("Looking at the routes folder {} failed", folder, e);
        }
    }

    /** Hashes of the non-empty route files. */
    private Map<String, String> scan() {
        Map<String, String> hashes = new HashMap<>();
        if (!Files.isDirectory(folder)) {
            return hashes;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (!name.endsWith(SUFFIX)) {
                    warnOnce(name);
                    continue;
                }
                String content = read(file);
                if (content != null && !content.isBlank()) {
                    hashes.put(name, sha256(content));
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot list the routes folder {}: {}", folder, e.toString());
        }
        return hashes;
    }

    /** A file the folder holds that is not loaded (a route.yaml, a backup): said once, so it is not missed. */
    private void warnOnce(String name) {
        if (ignored.add(name)) {
            LOG.warn("{} in {} is not loaded: route files must end in {}", name, folder, SUFFIX);
        }
    }

    private void apply(String name) {
        Path file = folder.resolve(name);
        String content = read(file);
        if (content == null) {
            return;
        }
        String location = "file:" + file;
        ModelCamelContext model = (ModelCamelContext) context;
        List<String> before = routeIdsOf(name);
        List<RouteDefinition> previous = before.stream().map(model::getRouteDefinition).filter(Objects::nonNull).toList();
        Set<String> declared;
        try {
            declared = declaredRouteIds(resource(location, content));
        } catch (Exception e) {
            LOG.error("Route file {} not loaded, its previous version keeps running: {}", name, describe(e));
            return;
        }
        try {
            Set<String> updated = PluginHelper.getRoutesLoader(context).updateRoutes(List.of(resource(location, content)));
            List<String> dropped = before.stream().filter(id -> !declared.contains(id)).toList();
            removeRoutes(dropped);
            LOG.info("Route file {} reloaded: routes {} started{}", name, updated,
                    dropped.isEmpty() ? "" : ", " + dropped + " removed");
        } catch (Exception e) {
            LOG.error("Route file {} not loaded, its previous version keeps running: {}", name, describe(e));
            restore(declared, previous);
        }
    }

    /** The ids of the routes (and REST verbs) the file declares; parsing it here is what finds a broken file. */
    private Set<String> declaredRouteIds(Resource resource) throws Exception {
        RoutesLoader loader = PluginHelper.getRoutesLoader(context);
        Set<String> ids = new LinkedHashSet<>();
        for (RoutesBuilder builder : loader.findRoutesBuilders(List.of(resource))) {
            if (builder instanceof RouteBuilder routeBuilder) {
                routeBuilder.configureRoutes(context).getRoutes().forEach(route -> ids.add(route.getRouteId()));
                routeBuilder.getRestCollection().getRests()
                        .forEach(rest -> rest.getVerbs().forEach(verb -> ids.add(verb.getRouteId())));
            }
        }
        ids.remove(null);
        return ids;
    }

    /** Puts back the routes the file had before a failed update, dropping what the update left half done. */
    private void restore(Set<String> declared, List<RouteDefinition> previous) {
        ModelCamelContext model = (ModelCamelContext) context;
        List<String> broken = new ArrayList<>();
        for (String id : declared) {
            Route route = context.getRoute(id);
            if (route != null && context.getRouteController().getRouteStatus(id) != ServiceStatus.Started) {
                broken.add(id);
            }
        }
        removeRoutes(broken);
        for (RouteDefinition definition : previous) {
            if (context.getRoute(definition.getRouteId()) == null) {
                try {
                    model.addRouteDefinition(definition);
                } catch (Exception e) {
                    LOG.error("Cannot restore route {}: {}", definition.getRouteId(), describe(e));
                }
            }
        }
    }

    private void removeRoutesOf(String name, String why) {
        List<String> ids = routeIdsOf(name);
        removeRoutes(ids);
        LOG.info("Routes {} removed: {}", ids, why);
    }

    private void removeRoutes(List<String> ids) {
        ModelCamelContext model = (ModelCamelContext) context;
        for (String id : ids) {
            try {
                RouteDefinition definition = model.getRouteDefinition(id);
                if (definition != null) {
                    model.removeRouteDefinition(definition);
                } else {
                    context.getRouteController().stopRoute(id);
                    context.removeRoute(id);
                }
            } catch (Exception e) {
                LOG.error("Cannot remove route {}: {}", id, describe(e));
            }
        }
    }

    /** The ids of the running routes that were loaded from the file of that name in this folder. */
    private List<String> routeIdsOf(String name) {
        List<String> ids = new ArrayList<>();
        for (Route route : context.getRoutes()) {
            Resource source = route.getSourceResource();
            if (source != null && source.getLocation() != null && name.equals(fileName(source.getLocation()))) {
                ids.add(route.getRouteId());
            }
        }
        return ids;
    }

    private static String fileName(String location) {
        String path = location.startsWith("file:") ? location.substring("file:".length()) : location;
        Path fileName = Path.of(path).getFileName();
        return fileName == null ? null : fileName.toString();
    }

    private static Resource resource(String location, String content) {
        return ResourceHelper.fromString(location, content);
    }

    /** The failure and its causes on one line each; a YAML parser error says the line and column. */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
                text.append(" | caused by: ").append(cause.getMessage());
            }
        }
        return text.toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // deleted or replaced between the listing and the read: the next look sees how it ended
            return null;
        }
    }

    private static String sha256(String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
