package io.jobservice.support;

/**
 * Request bodies for tests: {@link #generic}, {@link #demo} and {@link #noop} for the common generic jobs, and
 * {@link #job(String)} for the rest (scheduled, periodic, unique, with a status hook), e.g.
 * {@code Jobs.job("COUNT").scheduled(3).hook(url).json()}. Bodies a test spells out on purpose (invalid ones, exact
 * field layouts) stay literals in the test.
 */
public final class Jobs {

    /** The body of POST /api/v1/jobs/{id} that stops a job. */
    public static final String STOP = "{\"action\":\"stop\"}";

    private Jobs() {
    }

    public static String generic(String name, String parametersJson) {
        return job(name).parameters(parametersJson).json();
    }

    public static String demo(long sleepMs, boolean fail) {
        return generic("DEMO", "{\"image\":\"demo:1\",\"sleep_ms\":" + sleepMs + ",\"fail\":" + fail + "}");
    }

    public static String noop() {
        return generic("NOOP", "{}");
    }

    /** A Generic job request of type {@code name}, without parameters until {@link Request#parameters} says. */
    public static Request job(String name) {
        return new Request(name);
    }

    /** One job submission, built step by step; {@link #json()} writes Harbor's request body. */
    public static final class Request {

        private final String name;
        private String parametersJson;
        private String metadataJson = "\"kind\":\"Generic\"";
        private boolean unique;
        private String moreMetadata = "";
        private String hook;

        private Request(String name) {
            this.name = name;
        }

        /** The {@code parameters} object, as JSON. */
        public Request parameters(String json) {
            this.parametersJson = json;
            return this;
        }

        /** A Scheduled job due {@code delaySeconds} after submission. */
        public Request scheduled(long delaySeconds) {
            metadataJson = "\"kind\":\"Scheduled\",\"schedule_delay\":" + delaySeconds;
            return this;
        }

        /** A periodic policy with this cron spec (six fields, seconds first). */
        public Request periodic(String cronSpec) {
            metadataJson = "\"kind\":\"Periodic\",\"cron_spec\":\"" + cronSpec + "\"";
            return this;
        }

        /** {@code metadata.unique}: refused with 409 while an equal job is queued. */
        public Request unique() {
            this.unique = true;
            return this;
        }

        /** More {@code metadata} members, written as given after the others, e.g. {@code ,"skip_if_running":true}. */
        public Request moreMetadata(String members) {
            this.moreMetadata = members;
            return this;
        }

        /** The {@code status_hook} URL. */
        public Request hook(String url) {
            this.hook = url;
            return this;
        }

        public String json() {
            return "{\"job\":{\"name\":\"" + name + "\""
                    + (parametersJson == null ? "" : ",\"parameters\":" + parametersJson)
                    + ",\"metadata\":{" + metadataJson + (unique ? ",\"unique\":true" : "") + moreMetadata + "}"
                    + (hook == null ? "" : ",\"status_hook\":\"" + hook + "\"")
                    + "}}";
        }

        @Override
        public String toString() {
            return json();
        }
    }
}
