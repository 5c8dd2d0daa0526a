/**
 * Test helpers shared by the packages' integration tests: throwaway
 * PostgreSQL databases and login roles, and a TCP proxy that can cut a
 * connection.
 *
 * @module
 */
export * from "./database.ts";
export * from "./tcp_proxy.ts";
export * from "./sse.ts";
export * from "./streaming_replica.ts";
export * from "./roles.ts";
export * from "./within.ts";
export * from "./own_cluster.ts";
export * from "./free_port.ts";
export * from "./raw_http.ts";
export * from "./command.ts";
export * from "./promtool.ts";
export * from "./wait_for_port.ts";
export * from "./s3rver.ts";
