# The Redis of the smoke test: Debian's redis-server with an append-only file, so a restart keeps the jobs.
# (Harbor ships goharbor/redis-photon; any Redis 6 or 7 does.) Built from the JRE base so no other image is needed.
FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends redis-server && rm -rf /var/lib/apt/lists/*
USER redis
EXPOSE 6379
CMD ["redis-server", "--bind", "0.0.0.0", "--protected-mode", "no", "--appendonly", "yes", "--dir", "/tmp"]
