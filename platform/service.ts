/**
 * Running a service process: serve an app until SIGINT or SIGTERM, then let
 * in-flight requests finish and release the service's resources.
 *
 * @module
 */
import type { Logger } from "./logger.ts";

/** Options of {@linkcode serveUntilSignal}. */
export interface ServeOptions {
  /** Gets the connection's details (the client's address) too, as Hono's `env`. */
  readonly fetch: (request: Request, info: Deno.ServeHandlerInfo) => Response | Promise<Response>;
  readonly port: number;
  readonly hostname?: string;
  readonly logger: Logger;
  /** Releases the service's resources after the server stopped (pools, workers). */
  readonly onShutdown?: () => Promise<void>;
}

/** Serves until a signal arrives; resolves once everything is stopped. */
export async function serveUntilSignal(options: ServeOptions): Promise<void> {
  const server = Deno.serve({
    port: options.port,
    hostname: options.hostname ?? "0.0.0.0",
    onListen: ({ hostname, port }) => options.logger.info({ hostname, port }, "listening"),
  }, options.fetch);
  const signalled = Promise.withResolvers<void>();
  const onSignal = () => signalled.resolve();
  Deno.addSignalListener("SIGINT", onSignal);
  Deno.addSignalListener("SIGTERM", onSignal);
  await signalled.promise;
  options.logger.info("shutting down");
  await server.shutdown();
  await options.onShutdown?.();
  Deno.removeSignalListener("SIGINT", onSignal);
  Deno.removeSignalListener("SIGTERM", onSignal);
  options.logger.info("stopped");
}
