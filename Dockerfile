# Multi-stage build: compile and package with Maven, run on a JRE as a non-root user.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN groupadd --system jobservice && useradd --system --gid jobservice --home-dir /app jobservice \
    && apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /src/target/jobservice.jar /app/jobservice.jar
COPY routes /app/routes
COPY config /app/config
RUN mkdir -p /app/data /var/log/jobs && chown -R jobservice:jobservice /app /var/log/jobs
USER jobservice
# data: the embedded Redis's append-only file (redis_url: embedded); /var/log/jobs: job logs
VOLUME ["/app/data", "/var/log/jobs"]
ENV JOBSERVICE_HTTP_HOST=0.0.0.0
# 8080: the API and the health probes; 9090: Prometheus when config.yml's metric block enables it
EXPOSE 8080 9090
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
    CMD curl -fsS http://127.0.0.1:${JOB_SERVICE_PORT:-8080}/api/v1/health/live || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/jobservice.jar", "-c", "/app/config/config.yml"]
