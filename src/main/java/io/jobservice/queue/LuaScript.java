package io.jobservice.queue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * A Lua script from {@code src/main/resources/lua}, run with EVALSHA (falling back to EVAL after a Redis
 * restart flushed the script cache). A line {@code -- #include name} pulls in {@code lua/lib/name.lua}, so the
 * status rules are written once.
 */
public final class LuaScript {

    private static final Pattern INCLUDE = Pattern.compile("(?m)^-- #include (\\w+)$");

    private final String name;
    private final String source;
    private final String sha;

    private LuaScript(String name, String source) {
        this.name = name;
        this.source = source;
        this.sha = sha1(source);
    }

    /** Loads {@code lua/<name>.lua} from the classpath, resolving includes. */
    public static LuaScript load(String name) {
        String text = read("lua/" + name + ".lua");
        Matcher m = INCLUDE.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(read("lua/lib/" + m.group(1) + ".lua")));
        }
        m.appendTail(sb);
        return new LuaScript(name, sb.toString());
    }

    public String name() {
        return name;
    }

    /** Runs the script and returns its raw result. */
    @SuppressWarnings("unchecked")
    public <T> T run(RedisCommands<String, String> redis, ScriptOutputType type, String[] keys, String... args) {
        try {
            return (T) redis.evalsha(sha, type, keys, args);
        } catch (RedisAccessException e) {
            if (e.getCause() instanceof RedisNoScriptException) {
                return (T) redis.eval(source, type, keys, args);
            }
            throw e;
        }
    }

    /** Runs the script without waiting: the result, or the failure, completes the stage on Lettuce's thread. */
    @SuppressWarnings("unchecked")
    public <T> CompletionStage<T> runAsync(
            RedisAsyncCommands<String, String> redis, ScriptOutputType type, String[] keys,
            String... args) {
        return redis.<T>evalsha(sha, type, keys, args).handle((result, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(result);
            }
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            if (cause instanceof RedisNoScriptException) {
                return redis.<T>eval(source, type, keys, args).toCompletableFuture();
            }
            return CompletableFuture.<T>failedFuture(new RedisAccessException(cause));
        }).thenCompose(stage -> stage);
    }

    private static String read(String resource) {
        try (InputStream in = LuaScript.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing script resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    private static String sha1(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
