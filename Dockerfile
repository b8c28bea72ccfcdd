# Multi-stage build: compile and package with Maven, run on a JRE as Harbor's uid/gid 10000.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
# Harbor's images run as "harbor", uid and gid 10000; its compose file drops every capability but CHOWN, SETGID
# and SETUID, which this image does not need
RUN groupadd --gid 10000 harbor && useradd --uid 10000 --gid 10000 --home-dir /app --no-create-home harbor \
    && apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /app/data /var/log/jobs /etc/jobservice && chown -R 10000:10000 /app /var/log/jobs
WORKDIR /app
COPY --chown=10000:10000 routes /app/routes
COPY --chown=10000:10000 config /app/config
COPY --chown=10000:10000 docker/healthcheck /app/healthcheck
# last and alone, so a code change rebuilds one 45 MB layer
COPY --chown=10000:10000 --from=build /src/target/jobservice.jar /app/jobservice.jar
USER 10000:10000
# data: the embedded Redis's append-only file (redis_url: embedded); /var/log/jobs: job logs (Harbor's volume)
VOLUME ["/app/data", "/var/log/jobs"]
ENV JOBSERVICE_HTTP_HOST=0.0.0.0
# 8080: the API over HTTP; 8443: over HTTPS (Harbor's internal TLS); 9090: Prometheus when the metric block is on
EXPOSE 8080 8443 9090
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["/app/healthcheck"]
# the JVM settings of config/jvm.options (a small fixed heap, the serial collector; README "Memory"), then any of
# JAVA_OPTS, which win (e.g. JAVA_OPTS="-Xms512m -Xmx512m" on a big node); arguments go to the service: without -c,
# /etc/jobservice/config.yml when mounted (Harbor's layout), else the baked-in config/config.yml
ENTRYPOINT ["sh", "-c", "exec java @/app/config/jvm.options $JAVA_OPTS -jar /app/jobservice.jar \"$@\"", "--"]
