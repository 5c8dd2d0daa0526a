/**
 * The route table's audit, export, import, rate, sync and client-error
 * routes, and the OpenAPI document's own.
 *
 * @module
 */
import { ClientErrorInput, ImportJobAnswer, ImportQueuedAnswer, SyncInput } from "./schemas.ts";
import { read, type Route, write } from "./route.ts";

/** Audit, export and import, rates, sync, client errors, the document. */
export const AUDIT_ROUTES: readonly Route[] = [
  read("/v1/groups/{g}/events", {
    summary: "The group's raw events in order, from the event store (owners and auditors)",
    response: "Page<StoredEvent>",
    query: ["after", "cursor", "limit"],
    problems: ["forbidden"],
  }),
  read("/v1/groups/{g}/verify", {
    summary: "Recompute the group's hash chain (owners and auditors)",
    response: "Verification",
    problems: ["forbidden"],
  }),
  read("/v1/groups/{g}/export.sql", {
    summary:
      "The group's history as a self-contained SQL script with its checksum (owners and auditors)",
    response: null,
    produces: "application/sql",
    responseHeaders: ["Content-Disposition"],
    problems: ["forbidden"],
  }),
  read("/v1/groups/{g}/export.csv", {
    summary: "The group's expenses as CSV for spreadsheets",
    response: null,
    produces: "text/csv",
    responseHeaders: ["Content-Disposition"],
  }),
  write("post", "/v1/imports", {
    summary:
      "Queue a SQL export (application/sql) to be restored as new groups owned by the caller, " +
      "or a Splitwise, Spliit or Tricount export (text/csv; format, me, name, currency, rate.<CUR>) to " +
      "become a new group; " +
      "202 with Location: /v1/imports/{id}",
    consumes: ["application/sql", "text/csv"],
    query: ["format", "me", "name", "currency"],
    ok: 202,
    response: "ImportQueued",
    responseSchema: ImportQueuedAnswer,
    responseHeaders: ["Location"],
    problems: ["validation", "upload_timeout", "too_many_imports", "unavailable"],
  }),
  read("/v1/imports/{id}", {
    summary: "An import job, to its owner only: status, progress, the new groups or the refusal",
    response: "ImportJob",
    responseSchema: ImportJobAnswer,
    responseHeaders: ["Cache-Control"],
  }),
  read("/v1/rates", {
    summary: "Reference rates for a base currency on or before a date (cross rates through EUR)",
    response: "RatesTable",
    query: ["base", "date"],
    etag: true,
    problems: ["rates.*"],
  }),
  write("post", "/v1/sync", {
    summary: "Apply an offline client's queued commands in order (at most 500); each result " +
      "has the status the command would have had alone",
    body: SyncInput,
    response: "SyncAnswer",
    // A batch of one group's commands, for a group the caller cannot see.
    problems: ["not_found"],
    responseHeaders: ["Kopek-Position"],
  }),
  write("post", "/v1/client-errors", {
    summary: "Report an uncaught error of the PWA, logged for the operator (204; rate limited, " +
      "at most 16 KiB; a valid access token adds the user, an invalid one is ignored)",
    auth: "optional",
    body: ClientErrorInput,
    ok: 204,
    response: null,
  }),
  {
    method: "get",
    path: "/v1/openapi.json",
    service: "query-api",
    summary: "This document",
    auth: "none",
    ok: 200,
    response: null,
    statuses: [200],
    problems: [],
    requestHeaders: [],
    responseHeaders: [],
    query: [],
  },
];
