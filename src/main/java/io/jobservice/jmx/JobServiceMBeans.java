package io.jobservice.jmx;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

import io.jobservice.admin.AdminService;
import io.jobservice.admin.NotFoundException;
import io.jobservice.job.Job;
import io.jobservice.job.JobRegistry;
import io.jobservice.metrics.ClusterStatsCache;
import io.jobservice.metrics.TaskStats;
import io.jobservice.queue.JobQueue;
import io.jobservice.worker.AttemptListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the service's MBeans in the platform MBean server, beside Camel's own, under the domain
 * {@code io.jobservice} with the Camel context's name: {@code io.jobservice:context=<name>,type=WorkerPool}, one
 * {@code type=JobType,name=<type>} per registered job type (added and removed with the types),
 * {@code type=Scheduler}, {@code type=Hooks} and {@code type=Jobs}. Attributes only read.
 */
public final class JobServiceMBeans {

    private static final Logger LOG = LoggerFactory.getLogger(JobServiceMBeans.class);
    public static final String DOMAIN = "io.jobservice";

    /** Where the attributes come from. */
    public record Sources(WorkerPoolMXBean pool, JobRegistry registry, ClusterStatsCache cache, TaskStats tasks,
                          JobQueue queue, Supplier<Map<String, Instant>> nextFireTimes, AdminService admin) {
    }

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final String context;
    private final Sources sources;
    private final List<ObjectName> registered = new ArrayList<>();

    public JobServiceMBeans(String contextName, Sources sources) {
        this.context = value(contextName);
        this.sources = sources;
    }

    public synchronized void start() {
        register(name("WorkerPool", null), sources.pool(), WorkerPoolMXBean.class);
        register(name("Scheduler", null), new SchedulerView(), SchedulerMXBean.class);
        register(name("Hooks", null), new HooksView(), HooksMXBean.class);
        register(name("Jobs", null), new JobsView(), JobsMXBean.class);
        sources.registry().names().forEach(this::registerJobType);
        sources.registry().addListener(new JobRegistry.Listener() {
            @Override
            public void registered(String jobName, Job job) {
                registerJobType(jobName);
            }

            @Override
            public void unregistered(String jobName) {
                unregister(name("JobType", jobName));
            }
        });
    }

    public synchronized void stop() {
        new ArrayList<>(registered).forEach(this::unregister);
    }

    private synchronized void registerJobType(String jobName) {
        register(name("JobType", jobName), new JobTypeView(jobName), JobTypeMXBean.class);
    }

    private ObjectName name(String type, String name) {
        try {
            return new ObjectName(DOMAIN + ":context=" + context + ",type=" + type
                    + (name == null ? "" : ",name=" + value(name)));
        } catch (JMException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * A key property value, quoted only when it must be (as Camel names its own MBeans), so the names operators
     * type in jconsole or jmxterm are the plain ones the README shows: {@code name=WEBHOOK}.
     */
    private static String value(String text) {
        return text.matches("[A-Za-z0-9_.@-]+") ? text : ObjectName.quote(text);
    }

    private synchronized <T> void register(ObjectName name, T bean, Class<T> type) {
        try {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(new StandardMBean(bean, type, true), name);
            registered.add(name);
        } catch (JMException e) {
            LOG.warn("Cannot register MBean {}: {}", name, e.getMessage());
        }
    }

    private synchronized void unregister(ObjectName name) {
        try {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (JMException e) {
            LOG.warn("Cannot unregister MBean {}: {}", name, e.getMessage());
        }
        registered.remove(name);
    }

    private final class JobTypeView implements JobTypeMXBean {
        private final String jobName;

        JobTypeView(String jobName) {
            this.jobName = jobName;
        }

        private JobQueue.QueueInfo queue() {
            JobQueue.QueueInfo queue = sources.cache().queue(jobName);
            return queue != null ? queue : new JobQueue.QueueInfo(jobName, 0, 0, false, 0, Map.of());
        }

        @Override
        public String getName() {
            return jobName;
        }

        @Override
        public long getQueueSize() {
            return queue().size();
        }

        @Override
        public long getQueueLatencySeconds() {
            return queue().latencySeconds(Instant.now().getEpochSecond());
        }

        @Override
        public long getRunningInCluster() {
            return queue().running();
        }

        @Override
        public boolean isPaused() {
            return queue().paused();
        }

        @Override
        public int getMaxConcurrency() {
            Job job = sources.registry().get(jobName);
            return job == null ? 0 : job.maxConcurrency();
        }

        @Override
        public long getProcessed() {
            long total = 0;
            for (AttemptListener.Result result : AttemptListener.Result.values()) {
                total += sources.tasks().count(jobName, result);
            }
            return total;
        }

        @Override
        public long getFailed() {
            return sources.tasks().count(jobName, AttemptListener.Result.FAIL);
        }

        @Override
        public long getStopped() {
            return sources.tasks().count(jobName, AttemptListener.Result.STOP);
        }

        @Override
        public void pause() {
            sources.admin().pause(jobName);
        }

        @Override
        public void resume() {
            sources.admin().resume(jobName);
        }
    }

    private final class SchedulerView implements SchedulerMXBean {
        @Override
        public long getScheduledJobs() {
            return sources.cache().get().scheduled();
        }

        @Override
        public long getRetryJobs() {
            return sources.cache().get().retry();
        }

        @Override
        public long getDeadJobs() {
            return sources.cache().get().dead();
        }

        @Override
        public long getPolicies() {
            return sources.cache().get().policies();
        }

        @Override
        public String[] getNextFireTimes() {
            return sources.nextFireTimes().get().entrySet().stream()
                    .map(entry -> entry.getKey() + " next " + entry.getValue()).toArray(String[]::new);
        }
    }

    private final class HooksView implements HooksMXBean {
        @Override
        public long getPending() {
            return sources.cache().get().hooksWaiting();
        }

        @Override
        public long getParked() {
            return sources.cache().get().hooksParked();
        }

        @Override
        public long getDelivered() {
            return sources.tasks().hooksDelivered();
        }

        @Override
        public long getFailed() {
            return sources.tasks().hooksFailed();
        }
    }

    private final class JobsView implements JobsMXBean {
        @Override
        public String stop(String jobId) {
            try {
                sources.admin().stopJob(jobId);
                return "job " + jobId + " stopped";
            } catch (NotFoundException e) {
                return "job " + jobId + " not stopped: no job or periodic policy has that id";
            } catch (RuntimeException e) {
                return "job " + jobId + " not stopped: " + e.getMessage();
            }
        }
    }
}
