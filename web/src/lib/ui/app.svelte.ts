/**
 * What the root layout gives every page through context: toasts, the
 * connection state and the outbox sender. Created by the layout, so there is
 * no module-level state.
 *
 * @module
 */
import { getContext, setContext } from "svelte";
import { flushOutbox, type SyncReport } from "../outbox/sync.ts";
import { OUTBOX_EVENT } from "../outbox/outbox.ts";

/** A message shown for a few seconds (and announced). */
export interface Toast {
  id: number;
  text: string;
  kind: "info" | "error" | "success";
}

const KEY = Symbol("kopek-app");
const INTERVAL_MS = 30_000;

/** The app context. */
export class AppState {
  toasts = $state<Toast[]>([]);
  online = $state(typeof navigator === "undefined" ? true : navigator.onLine);
  syncing = $state(false);
  lastReport = $state<SyncReport | null>(null);
  #next = 1;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #failures = 0;

  /** Shows a toast. */
  toast(text: string, kind: Toast["kind"] = "info"): void {
    const id = this.#next++;
    this.toasts = [...this.toasts, { id, text, kind }];
    setTimeout(() => this.dismiss(id), kind === "error" ? 8000 : 4000);
  }

  dismiss(id: number): void {
    this.toasts = this.toasts.filter((t) => t.id !== id);
  }

  /** Sends the outbox soon (debounced). */
  kick(delay = 30): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#run(), delay);
  }

  async #run(): Promise<void> {
    if (this.syncing) return;
    this.syncing = true;
    try {
      const report = await flushOutbox();
      if (report) {
        this.lastReport = report;
        if (report.offline) this.online = false;
        else if (!report.error) this.online = navigator.onLine;
        if (report.rejected > 0) {
          this.toast(
            `${report.rejected} change${report.rejected > 1 ? "s were" : " was"} refused by the server: see Outbox`,
            "error",
          );
        }
        if (report.error || report.deferred) {
          this.#failures++;
          this.kick(Math.min(60_000, 2_000 * 2 ** Math.min(this.#failures, 5)));
        } else this.#failures = 0;
      }
    } catch (e) {
      console.error("sync", e);
    } finally {
      this.syncing = false;
    }
  }

  /** Starts the background sending: on start, on `online`, on outbox changes, every 30 s. */
  start(): () => void {
    const onOnline = () => {
      this.online = true;
      this.#failures = 0;
      this.kick();
    };
    const onOffline = () => (this.online = false);
    const onOutbox = () => {
      this.kick();
      // Let the service worker send it later even if this tab closes.
      navigator.serviceWorker?.ready
        .then((r) => (r as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }).sync?.register("kopek-outbox"))
        .catch(() => {});
    };
    const onVisible = () => document.visibilityState === "visible" && this.kick();
    addEventListener("online", onOnline);
    addEventListener("offline", onOffline);
    addEventListener(OUTBOX_EVENT, onOutbox);
    document.addEventListener("visibilitychange", onVisible);
    const interval = setInterval(() => this.kick(), INTERVAL_MS);
    this.kick(0);
    return () => {
      removeEventListener("online", onOnline);
      removeEventListener("offline", onOffline);
      removeEventListener(OUTBOX_EVENT, onOutbox);
      document.removeEventListener("visibilitychange", onVisible);
      clearInterval(interval);
      clearTimeout(this.#timer);
    };
  }
}

/** Creates the app context (root layout only). */
export function provideApp(): AppState {
  const app = new AppState();
  setContext(KEY, app);
  return app;
}

/** The app context of the page. */
export function useApp(): AppState {
  return getContext<AppState>(KEY);
}
