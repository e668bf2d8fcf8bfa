# syntax=docker/dockerfile:1
# The gateway as a container: the Node server bundle (dist/server.mjs) on Node.js 22, for ECS Fargate behind an
# ALB (infra/terraform/container, docs/deploy-container.md) or any other container runtime.
#
#   docker build -t bedrock-gateway .
#   docker run --rm -p 8080:8080 --read-only -e GATEWAY_CONFIG_JSON='{"auth":{"mode":"none"}}' bedrock-gateway
#
# Config never lives in the image: pass GATEWAY_CONFIG_JSON (ECS injects it from an SSM parameter), or mount a
# file and point GATEWAY_CONFIG_FILE at it, plus the variables of docs/configuration.md.
# Pin the base by digest for reproducible builds: --build-arg NODE_IMAGE=node:22-bookworm-slim@sha256:...
ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
# tini as PID 1: it forwards SIGTERM to node (which drains, see docs/operations.md "Shutdown") and reaps
# zombies, without depending on `docker run --init` or ECS initProcessEnabled.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Only the server bundle and its source map: the bundle carries every dependency, so no node_modules.
# Owned by root and not writable by the node user; nothing is written at run time, so --read-only works.
COPY --from=build /build/dist/server.mjs /build/dist/server.mjs.map ./
# The web console's static files (about 92 KB), read from disk only when /console is requested.
COPY --from=build /build/dist/console ./console
# HOST=0.0.0.0 only here: outside a container the server stays on loopback by default.
ENV NODE_ENV=production \
  HOST=0.0.0.0 \
  PORT=8080
USER node
EXPOSE 8080
# No curl in a slim image; Node 22's fetch asks /health (no auth, reveals nothing). ECS ignores this
# instruction: infra/terraform/container gives the task definition the same command.
HEALTHCHECK --interval=15s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "server.mjs"]
