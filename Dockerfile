# One image per service, chosen by the Nx project name:
#   docker build --build-arg APP=registry -t <registry>/care/platform-registry:<tag> .
# and the department web UI's the same way (APP=web: its vite bundle and its node server, both
# built by tools/build.js; it listens on WEB_HTTP_PORT, set to HTTP_PORT here).
# Non-root (uid 10001), runs with a read-only root filesystem (the chart mounts /tmp), and
# answers /health/live and /health/ready on HTTP_PORT (the chart's probes).
ARG NODE_IMAGE=node:20.19-bookworm-slim

FROM ${NODE_IMAGE} AS build
ARG APP
RUN test -n "$APP" || (echo "--build-arg APP=<nx project, e.g. registry> is required" >&2; exit 1)
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx nx run contracts:codegen --outputStyle=stream \
 && node tools/build.js "apps/$APP" \
 && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ARG APP
ENV NODE_ENV=production \
    HTTP_PORT=8080 \
    GRPC_BIND_ADDRESS=0.0.0.0:50051 \
    WEB_HTTP_HOST=0.0.0.0 \
    WEB_HTTP_PORT=8080 \
    APP=${APP}
WORKDIR /app
RUN groupadd --system --gid 10001 care && useradd --system --uid 10001 --gid care --no-create-home care
COPY --from=build --chown=root:root /src/node_modules ./node_modules
COPY --from=build --chown=root:root /src/dist ./dist
USER 10001:10001
EXPOSE 8080 50051
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.HTTP_PORT+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# A service's entry is src/main.js, the web UI's server/main.js (tools/build.js).
CMD ["sh", "-c", "for entry in src server; do [ -f dist/apps/$APP/$entry/main.js ] && exec node --enable-source-maps dist/apps/$APP/$entry/main.js; done; echo \"no entry in dist/apps/$APP\" >&2; exit 1"]
