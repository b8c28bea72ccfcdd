package io.jobservice.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.jobservice.ServiceNode;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole service for an integration test class: a test Redis namespace (its own {@link RedisServerExtension}, or
 * one given), the app started and stopped with the class or with each test, its base URL and HTTP client, and a
 * {@link StoreFixture} on the same Redis and namespace. Registered as a static field and configured once:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestAppExtension APP = TestAppExtension.perClass().workers(4);
 * static final StoreFixture STORE = APP.store();
 * }</pre>
 *
 * <p>{@link #perClass()} shares one app among the class's tests, for tests that are independent of each other
 * (their own job ids and types); {@link #perMethod()} starts a fresh one for each test; {@link #manual()} starts
 * none, and each test starts what it needs with {@link #start()} or {@link #with()}. Every app started through the
 * extension is stopped after the test that started it (after the class when started in {@code @BeforeAll}), so a
 * test may still close one early, e.g. to restart a node.
 */
public final class TestAppExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {

    /** When the extension starts its own app. */
    public enum Lifecycle {
        /** One app for the class: started before the first test, stopped after the last. */
        PER_CLASS,
        /** A fresh app for each test. */
        PER_METHOD,
        /** No app of its own: the tests start theirs with {@link #start()} or {@link #with()}. */
        MANUAL
    }

    private final Lifecycle lifecycle;
    private RedisServerExtension redis = new RedisServerExtension();
    private final StoreFixture store;
    private final Settings defaults = new Settings(null);
    private boolean clearBeforeEach;
    private final List<TestApp> classApps = new ArrayList<>();
    private final List<TestApp> methodApps = new ArrayList<>();
    private boolean inTest;
    private TestApp app;

    private TestAppExtension(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
        this.store = new StoreFixture(() -> redis);
    }

    public static TestAppExtension perClass() {
        return new TestAppExtension(Lifecycle.PER_CLASS);
    }

    public static TestAppExtension perMethod() {
        return new TestAppExtension(Lifecycle.PER_METHOD);
    }

    public static TestAppExtension manual() {
        return new TestAppExtension(Lifecycle.MANUAL);
    }

    /** Uses this Redis extension instead of one of its own; the extension drives it, so do not register it too. */
    public TestAppExtension redis(RedisServerExtension redis) {
        this.redis = redis;
        return this;
    }

    /** The pool size of the apps this extension starts (2 unless set). */
    public TestAppExtension workers(int workers) {
        defaults.workers(workers);
        return this;
    }

    /** One Camel or jobservice property, over the test defaults of {@link TestApp}. */
    public TestAppExtension property(String key, String value) {
        defaults.property(key, value);
        return this;
    }

    public TestAppExtension properties(Map<String, String> properties) {
        defaults.properties(properties);
        return this;
    }

    /** The {@code job_loggers} part of config.yml (and whatever follows it), instead of standard output at WARNING. */
    public TestAppExtension jobLoggers(String yaml) {
        defaults.jobLoggers(yaml);
        return this;
    }

    /** A FILE job logger in a fresh temporary folder, so the log API has something to read. */
    public TestAppExtension fileJobLoggers() {
        defaults.fileJobLoggers();
        return this;
    }

    /** Harbor's environment variables as the config loader sees them. */
    public TestAppExtension env(Map<String, String> env) {
        defaults.env(env);
        return this;
    }

    /** The clock the apps read the time from, e.g. a {@link SettableClock} the test moves (the system's unless set). */
    public TestAppExtension clock(Clock clock) {
        defaults.clock(clock);
        return this;
    }

    /** Deletes every key of the namespace before each test (before a per-method app starts). */
    public TestAppExtension clearBeforeEach() {
        this.clearBeforeEach = true;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        redis.beforeAll(context);
        if (lifecycle == Lifecycle.PER_CLASS) {
            app = start();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        inTest = true;
        if (clearBeforeEach) {
            store.clear();
        }
        if (lifecycle == Lifecycle.PER_METHOD) {
            app = start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        inTest = false;
        try {
            closeAll(methodApps);
        } finally {
            if (lifecycle == Lifecycle.PER_METHOD) {
                app = null;
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            closeAll(classApps);
        } finally {
            app = null;
            redis.afterAll(context);
        }
    }

    private static void closeAll(List<TestApp> apps) throws Exception {
        Exception failure = null;
        // the latest first, as try-with-resources would
        for (int i = apps.size() - 1; i >= 0; i--) {
            try {
                apps.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        apps.clear();
        if (failure != null) {
            throw failure;
        }
    }

    /** The extension's own app; none in {@link Lifecycle#MANUAL}, nor outside the class's tests. */
    public TestApp app() {
        if (app == null) {
            throw new IllegalStateException("no app: " + lifecycle + " starts its app "
                    + (lifecycle == Lifecycle.MANUAL ? "never (use start() or with())" : "around the tests"));
        }
        return app;
    }

    /** The app's API base URL, {@code http://127.0.0.1:port}. */
    public String baseUrl() {
        return app().baseUrl();
    }

    /** The HTTP client the app's helpers send with. */
    public HttpClient http() {
        return app().http();
    }

    // the extension's app's requests, so a test reads APP.submit(...) as it read app.submit(...)

    /** See {@link TestApp#get(String)}. */
    public HttpResponse<String> get(String path) {
        return app().get(path);
    }

    /** See {@link TestApp#submit(String)}: the job's id, failing unless the answer is 202. */
    public String submit(String json) {
        return app().submit(json);
    }

    /** See {@link TestApp#status(String)}. */
    public String status(String jobId) {
        return app().status(jobId);
    }

    public HttpResponse<String> postJson(String path, String json) {
        return app().postJson(path, json);
    }

    public HttpResponse<String> put(String path, String body) {
        return app().put(path, body);
    }

    public HttpResponse<String> stopJob(String jobId) {
        return app().stopJob(jobId);
    }

    public HttpResponse<String> send(HttpRequest request) {
        return app().send(request);
    }

    public URI uri(String path) {
        return app().uri(path);
    }

    public int port() {
        return app().port();
    }

    public ServiceNode service() {
        return app().service();
    }

    /** The Redis server and namespace the apps use. */
    public RedisServerExtension redis() {
        return redis;
    }

    /** Keys, raw commands and stores on the apps' Redis and namespace. */
    public StoreFixture store() {
        return store;
    }

    /** Starts one more app with the extension's settings on the same Redis and namespace (another node). */
    public TestApp start() throws Exception {
        return with().start();
    }

    /** The extension's settings, to change for one more app and {@link Settings#start()} it. */
    public Settings with() {
        return defaults.copy(this);
    }

    private synchronized TestApp track(TestApp started) {
        (inTest ? methodApps : classApps).add(started);
        return started;
    }

    /** How one app is started: Redis, namespace, workers, properties, job loggers, environment. */
    public static final class Settings {

        private final TestAppExtension owner;
        private String redisUrl;
        private String namespace;
        private int workers = 2;
        private final Map<String, String> properties = new HashMap<>();
        private String jobLoggers = TestApp.stdOutJobLoggers();
        private boolean fileJobLoggers;
        private Map<String, String> env = Map.of();
        private Clock clock = Clock.systemUTC();

        private Settings(TestAppExtension owner) {
            this.owner = owner;
        }

        private Settings copy(TestAppExtension owner) {
            Settings copy = new Settings(owner);
            copy.redisUrl = redisUrl;
            copy.namespace = namespace;
            copy.workers = workers;
            copy.properties.putAll(properties);
            copy.jobLoggers = jobLoggers;
            copy.fileJobLoggers = fileJobLoggers;
            copy.env = env;
            copy.clock = clock;
            return copy;
        }

        /** Another Redis than the extension's, e.g. one the test stops and starts again. */
        public Settings redisUrl(String url) {
            this.redisUrl = url;
            return this;
        }

        /** Another namespace than the extension's. */
        public Settings namespace(String namespace) {
            this.namespace = namespace;
            return this;
        }

        public Settings workers(int workers) {
            this.workers = workers;
            return this;
        }

        public Settings property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        public Settings properties(Map<String, String> properties) {
            this.properties.putAll(properties);
            return this;
        }

        public Settings jobLoggers(String yaml) {
            this.jobLoggers = yaml;
            this.fileJobLoggers = false;
            return this;
        }

        public Settings fileJobLoggers() {
            this.fileJobLoggers = true;
            return this;
        }

        public Settings env(Map<String, String> env) {
            this.env = Map.copyOf(env);
            return this;
        }

        public Settings clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Starts the app; the extension stops it after the test (or the class) that started it. */
        public TestApp start() throws Exception {
            if (owner == null) {
                throw new IllegalStateException("settings without an extension");
            }
            String loggers = fileJobLoggers ? TestApp.fileJobLoggers(tempDir()) : jobLoggers;
            TestApp started = TestApp.start(redisUrl != null ? redisUrl : owner.redis.url(),
                    namespace != null ? namespace : owner.redis.namespace(), workers, properties, loggers, env, clock);
            return owner.track(started);
        }

        private static Path tempDir() {
            try {
                return Files.createTempDirectory("job-logs-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
