# syntax=docker/dockerfile:1
# One image recipe for the four services. Build from the repository root, naming the module:
#   docker build --build-arg SERVICE=order-service -t civic-dispatch/order-service .
# SERVICE is one of gateway, volunteer-service, order-service, points-service (docker-compose.yml
# passes it). The gateway also carries the web apps (web/h5, web/console), built with Node.js in a
# stage of their own that the other services skip.
ARG SERVICE

# --- the web apps: only the gateway's image needs them ------------------------------------------
FROM node:20-bookworm-slim AS web-apps
ENV PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
WORKDIR /src/web
COPY web/h5/package.json web/h5/package-lock.json h5/
COPY web/console/package.json web/console/package-lock.json console/
RUN --mount=type=cache,target=/root/.npm \
    (cd h5 && npm ci --no-audit --no-fund) && (cd console && npm ci --no-audit --no-fund)
COPY web/openapi.json ./
COPY web/h5 h5/
COPY web/console console/
RUN (cd h5 && npm run build) && (cd console && npm run build) \
 && mkdir -p /out/h5 /out/console && cp -r h5/dist /out/h5/dist && cp -r console/dist /out/console/dist

# the other services: no web apps (an empty folder keeps the COPY below the same for all)
FROM eclipse-temurin:21-jdk AS no-web-apps
RUN mkdir -p /out

FROM web-apps AS web-gateway
FROM no-web-apps AS web-volunteer-service
FROM no-web-apps AS web-order-service
FROM no-web-apps AS web-points-service
FROM web-${SERVICE} AS web

# --- the service's executable jar, built with the Maven wrapper ---------------------------------
FROM eclipse-temurin:21-jdk AS build
ARG SERVICE
WORKDIR /src
COPY . .
COPY --from=web /out/ web/
RUN --mount=type=cache,target=/root/.m2 \
    test -f "${SERVICE}/pom.xml" || { echo "SERVICE must name a service module, got '${SERVICE}'" >&2; exit 1; } \
 && ./mvnw -B -q -pl "${SERVICE}" -am package -Dmaven.test.skip=true -Dweb.skip=true \
 && cp "$(ls "${SERVICE}"/target/"${SERVICE}"-*.jar | grep -v -e '-plain.jar' | head -n 1)" /app.jar

# --- the runtime image: a JRE, the jar, a health check, a non-root user -------------------------
FROM eclipse-temurin:21-jre
ARG SERVICE
RUN groupadd --system --gid 10001 civic && useradd --system --uid 10001 --gid 10001 civic \
 && mkdir -p /app \
 && case "${SERVICE}" in \
      gateway) echo 8080 ;; volunteer-service) echo 8081 ;; order-service) echo 8082 ;; points-service) echo 8083 ;; \
      *) echo "unknown SERVICE '${SERVICE}'" >&2; exit 1 ;; \
    esac > /app/server-port
# volunteer-service writes the 志愿服务证明 PDF in WenQuanYi Zen Hei (civic.certificate.font, the
# Debian/Ubuntu package fonts-wqy-zenhei); the other services need no font
RUN if [ "${SERVICE}" = volunteer-service ]; then \
      apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends fonts-wqy-zenhei \
      && rm -rf /var/lib/apt/lists/*; \
    fi
COPY --from=build /app.jar /app/app.jar
COPY platform/local-stack/compose/health.sh /health.sh
USER 10001:10001
# 8080-8083: the services' HTTP ports (the one in /app/server-port unless SERVER_PORT says otherwise);
# 9091: the management port (actuator: health, metrics) when MANAGEMENT_PORT is set to it
EXPOSE 8080 8081 8082 8083 9091
HEALTHCHECK --interval=10s --timeout=5s --start-period=40s --retries=30 CMD ["/health.sh"]
# java is PID 1: SIGTERM reaches the JVM, which shuts down gracefully (server.shutdown: graceful)
ENTRYPOINT ["java", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/app.jar"]
