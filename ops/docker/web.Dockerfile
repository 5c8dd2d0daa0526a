# The PWA as its own container (ADR 0030): built with Node from its lockfile, served as static
# files by Caddy with the same caching and CSP as the all-in-one process (web/Caddyfile).
# Build context: the repository root. Pinned by exact version (no digest, see the ADR).
FROM node:20.20.2-alpine AS build
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
# The PWA bundles the server's pure money code and category list from ../domain (ADR 0011).
COPY domain/money/ /src/domain/money/
COPY domain/ledger/ /src/domain/ledger/
COPY domain/shared/categories.ts /src/domain/shared/
COPY web/ ./
RUN npm run build

FROM caddy:2.10.2-alpine
COPY web/Caddyfile /etc/caddy/Caddyfile
COPY --from=build /src/web/build /srv
# Caddy keeps its state in /data and /config; its own user owns them, nothing else.
RUN mkdir -p /data /config && chown -R 65532:65532 /data /config
# Non-root. It listens on :80 (web/Caddyfile): Docker lets any user bind ports below 1024
# (net.ipv4.ip_unprivileged_port_start=0 in every container); on Kubernetes set that sysctl in
# the pod's securityContext, or change the Caddyfile's port.
USER 65532:65532
EXPOSE 80
HEALTHCHECK --interval=30s --timeout=3s --retries=3 \
  CMD ["wget", "-q", "--spider", "http://127.0.0.1/"]
