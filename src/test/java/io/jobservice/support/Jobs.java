package io.jobservice.support;

/** Request bodies for tests. */
public final class Jobs {

    private Jobs() {
    }

    public static String generic(String name, String parametersJson) {
        return "{\"job\":{\"name\":\"" + name + "\",\"parameters\":" + parametersJson
                + ",\"metadata\":{\"kind\":\"Generic\"}}}";
    }

    public static String demo(long sleepMs, boolean fail) {
        return generic("DEMO", "{\"image\":\"demo:1\",\"sleep_ms\":" + sleepMs + ",\"fail\":" + fail + "}");
    }

    public static String noop() {
        return generic("NOOP", "{}");
    }
}
