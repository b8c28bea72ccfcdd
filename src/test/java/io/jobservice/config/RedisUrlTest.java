package io.jobservice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobservice.config.RedisUrl.HostPort;
import org.junit.jupiter.api.Test;

class RedisUrlTest {

    private static final String KEY = "redis_url";

    private static RedisUrl parse(String url) {
        return RedisUrl.parse(KEY, url);
    }

    @Test
    void should_parse_a_plain_url_with_password_and_database() {
        RedisUrl url = parse("redis://:pw@redis:6379/2");

        assertThat(url.embedded()).isFalse();
        assertThat(url.tls()).isFalse();
        assertThat(url.sentinel()).isFalse();
        assertThat(url.hosts()).containsExactly(new HostPort("redis", 6379));
        assertThat(url.username()).isNull();
        assertThat(url.password()).isEqualTo("pw");
        assertThat(url.database()).isEqualTo(2);
        assertThat(url.idleTimeoutSeconds()).isEqualTo(-1);
    }

    @Test
    void should_default_port_6379_and_database_0() {
        RedisUrl url = parse("redis://redis");

        assertThat(url.hosts()).containsExactly(new HostPort("redis", 6379));
        assertThat(url.database()).isZero();
        assertThat(url.password()).isNull();
    }

    @Test
    void should_keep_user_and_password() {
        RedisUrl url = parse("redis://anonymous:secret@redis:6379/2");

        assertThat(url.username()).isEqualTo("anonymous");
        assertThat(url.password()).isEqualTo("secret");
    }

    @Test
    void should_use_tls_for_rediss() {
        RedisUrl url = parse("rediss://redis:6380/1");

        assertThat(url.tls()).isTrue();
        assertThat(url.sentinel()).isFalse();
        assertThat(url.hosts()).containsExactly(new HostPort("redis", 6380));
        assertThat(url.database()).isEqualTo(1);
    }

    @Test
    void should_parse_a_sentinel_url_with_several_sentinels() {
        RedisUrl url = parse("redis+sentinel://h1:26379,h2:26380/mymaster/2");

        assertThat(url.sentinel()).isTrue();
        assertThat(url.tls()).isFalse();
        assertThat(url.hosts()).containsExactly(new HostPort("h1", 26379), new HostPort("h2", 26380));
        assertThat(url.masterName()).isEqualTo("mymaster");
        assertThat(url.database()).isEqualTo(2);
    }

    @Test
    void should_default_sentinel_port_26379_and_database_0() {
        RedisUrl url = parse("rediss+sentinel://s1/mymaster");

        assertThat(url.tls()).isTrue();
        assertThat(url.sentinel()).isTrue();
        assertThat(url.hosts()).containsExactly(new HostPort("s1", 26379));
        assertThat(url.masterName()).isEqualTo("mymaster");
        assertThat(url.database()).isZero();
    }

    @Test
    void should_read_idle_timeout_seconds_from_the_query() {
        RedisUrl url = parse("redis://redis:6379/2?foo=bar&idle_timeout_seconds=30");

        assertThat(url.idleTimeoutSeconds()).isEqualTo(30);
        assertThat(url.database()).isEqualTo(2);
    }

    @Test
    void should_recognise_embedded() {
        RedisUrl url = parse(" embedded ");

        assertThat(url.embedded()).isTrue();
        assertThat(url.hosts()).isEmpty();
    }

    @Test
    void should_prepend_redis_scheme_to_a_bare_host_and_port() {
        RedisUrl url = parse("localhost:6379");

        assertThat(url.hosts()).containsExactly(new HostPort("localhost", 6379));
        assertThat(url.tls()).isFalse();
        // contract 11.3 and 13.8 #34: Harbor stores and reports the normalised URL
        assertThat(url.text()).isEqualTo("redis://localhost:6379");
    }

    @Test
    void should_decode_plus_as_plus_and_percent_escapes_in_the_password() {
        RedisUrl url = parse("redis://us%2Ber:a+b%40c@redis:6379");

        assertThat(url.username()).isEqualTo("us+er");
        assertThat(url.password()).isEqualTo("a+b@c");
    }

    @Test
    void should_hide_the_password_when_redacted() {
        RedisUrl url = parse("redis://anonymous:secret@redis:6379/2");

        assertThat(url.redacted()).isEqualTo("redis://anonymous:***@redis:6379/2");
    }

    @Test
    void should_hide_a_percent_encoded_password_when_redacted() {
        RedisUrl url = parse("redis://:s%40cret@redis:6379/2");

        assertThat(url.redacted()).doesNotContain("s%40cret").doesNotContain("s@cret");
    }

    @Test
    void should_leave_a_url_without_password_as_it_is_when_redacted() {
        assertThat(parse("redis://redis:6379/2").redacted()).isEqualTo("redis://redis:6379/2");
    }

    @Test
    void should_refuse_an_unknown_scheme() {
        assertThatThrownBy(() -> parse("http://redis:6379"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("redis_url: unsupported scheme 'http'");
    }

    @Test
    void should_refuse_a_port_that_is_not_a_number() {
        assertThatThrownBy(() -> parse("redis://redis:63x9"))
                .hasMessage("redis_url: port '63x9' is not a number");
    }

    @Test
    void should_refuse_a_port_out_of_range() {
        assertThatThrownBy(() -> parse("redis://redis:0"))
                .hasMessage("redis_url: port 0 is out of range 1..65535");
    }

    @Test
    void should_refuse_a_sentinel_url_without_master_name() {
        assertThatThrownBy(() -> parse("redis+sentinel://h1:26379,h2:26379"))
                .hasMessageStartingWith("redis_url: a sentinel URL needs the master name");
        assertThatThrownBy(() -> parse("redis+sentinel://h1:26379/"))
                .hasMessageStartingWith("redis_url: a sentinel URL needs the master name");
    }

    @Test
    void should_refuse_several_hosts_without_sentinel() {
        assertThatThrownBy(() -> parse("redis://h1:6379,h2:6379"))
                .hasMessage("redis_url: several hosts are only allowed in a redis+sentinel:// URL");
    }

    @Test
    void should_refuse_a_database_that_is_not_a_number() {
        assertThatThrownBy(() -> parse("redis://redis:6379/db2"))
                .hasMessage("redis_url: database 'db2' is not a number");
    }

    @Test
    void should_refuse_an_idle_timeout_that_is_not_a_number() {
        assertThatThrownBy(() -> parse("redis://redis:6379?idle_timeout_seconds=soon"))
                .hasMessage("redis_url: idle_timeout_seconds 'soon' is not a number");
    }

    @Test
    void should_refuse_a_blank_url() {
        assertThatThrownBy(() -> parse("  ")).hasMessage("redis_url: is required");
        assertThatThrownBy(() -> parse(null)).hasMessage("redis_url: is required");
    }

    @Test
    void should_refuse_an_empty_host() {
        assertThatThrownBy(() -> parse("redis://:6379")).hasMessageStartingWith("redis_url: empty host");
    }
}
