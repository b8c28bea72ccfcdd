package io.jobservice;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import io.jobservice.config.HarborConfig;
import io.jobservice.config.RedisUrl;
import io.jobservice.job.JobRegistry;
import io.jobservice.queue.ClusterJobTypes;
import io.jobservice.queue.DueJobs;
import io.jobservice.queue.EmbeddedRedis;
import io.jobservice.queue.HookEventStore;
import io.jobservice.queue.JobQueue;
import io.jobservice.queue.JobSetStore;
import io.jobservice.queue.JobStatsStore;
import io.jobservice.queue.PeriodicPolicyStore;
import io.jobservice.queue.RedisConnector;
import io.jobservice.queue.RedisKeys;
import io.jobservice.queue.WorkerPoolStore;
import io.jobservice.queue.ThroughputBuckets;
import io.jobservice.tls.TlsMaterial;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;

import static org.apache.camel.support.CamelContextHelper.parseLong;
import static org.apache.camel.support.CamelContextHelper.parseText;

/**
 * Connects Redis (starting the embedded one when config.yml asks for it) and binds the stores kept in it. It lives
 * here rather than in {@code queue} because that package stays free of Camel.
 */
final class RedisWiring implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Registry beans = context.getRegistry();
        HarborConfig config = beans.mandatoryFindSingleByType(HarborConfig.class);
        JobRegistry jobTypes = beans.mandatoryFindSingleByType(JobRegistry.class);
        TlsMaterial tls = beans.mandatoryFindSingleByType(TlsMaterial.class);
        EmbeddedRedis embedded = startEmbeddedRedis(context, config);
        RedisUrl url = embedded == null ? config.redisUrl() : RedisUrl.parse("redis_url", embedded.url());
        RedisConnector redis = RedisConnector.connect(url, url.redacted(),
                Duration.ofMillis(parseLong(context, "{{jobservice.redis.command-timeout-ms}}")),
                new RedisConnector.Tls(tls.trustManagerFactory(), tls.clientKeyManagerFactory()), () -> true);
        beans.bind("redisUrl", url);
        beans.bind("redisConnector", redis);
        bindStores(context, redis, new RedisKeys(config.namespace()), jobTypes);
        // services stop after the routes and in reverse order: Redis closes after everything added later
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                redis.close();
                if (embedded != null) {
                    embedded.close();
                }
            }
        }, true, true);
    }

    private static void bindStores(CamelContext context, RedisConnector redis, RedisKeys keys, JobRegistry jobTypes) {
        Registry beans = context.getRegistry();
        Clock clock = beans.mandatoryFindSingleByType(Clock.class);
        JobStatsStore stats = new JobStatsStore(redis, keys, new JobStatsStore.Ttls(
                parseLong(context, "{{jobservice.stats.success-ttl-seconds}}"),
                parseLong(context, "{{jobservice.stats.stopped-ttl-seconds}}"),
                parseLong(context, "{{jobservice.stats.error-ttl-seconds}}")));
        JobQueue queue = new JobQueue(redis, keys, stats, new JobQueue.DeadSetLimits(
                parseLong(context, "{{jobservice.dead.max-age-seconds}}"),
                parseLong(context, "{{jobservice.dead.max-entries}}")));
        queue.registerJobTypes(jobTypes.maxConcurrencies());
        WorkerPoolStore pools = new WorkerPoolStore(redis, keys);
        beans.bind("jobStatsStore", stats);
        beans.bind("jobQueue", queue);
        beans.bind("workerPoolStore", pools);
        beans.bind("dueJobs", new DueJobs(redis, keys));
        beans.bind("periodicPolicyStore", new PeriodicPolicyStore(redis, keys, stats));
        beans.bind("hookEventStore", new HookEventStore(redis, keys));
        beans.bind("jobSetStore", new JobSetStore(redis, keys, stats.ttls()));
        beans.bind("throughputBuckets", new ThroughputBuckets(redis, keys));
        beans.bind("clusterJobTypes", new ClusterJobTypes(pools, clock,
                parseLong(context, "{{jobservice.reaper.dead-after-seconds}}"),
                1000 * parseLong(context, "{{jobservice.requeue.forget-job-type-after-seconds}}"), jobTypes::names));
    }

    private static EmbeddedRedis startEmbeddedRedis(CamelContext context, HarborConfig config) throws IOException {
        if (!config.redisUrl().embedded()) {
            return null;
        }
        return EmbeddedRedis.start(Path.of(parseText(context, "{{jobservice.embedded-redis.dir}}").trim()),
                parseLong(context, "{{jobservice.embedded-redis.port}}").intValue());
    }
}
