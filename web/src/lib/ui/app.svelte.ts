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
import { AttachmentUploads } from "../attachments/scheduler.svelte.ts";

/** A message shown for a few seconds (and announced). */
export interface Toast {
  id: number;
  text: string;
  kind: "info" | "error" | "success";
  /** A button on the toast ("Undo"); such a toast stays 30 s, or until used or dismissed. */
  action?: ToastAction;
}

/** What a toast's button says and does. */
export interface ToastAction {
  label: string;
  run: () => void | Promise<void>;
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
  /** When the scheduled send runs (`Date.now()` time). */
  #due = 0;
  #failures = 0;
  /** A send was asked for while one ran (back online meanwhile, a new change): run again after. */
  #again = false;
  /** How many times the browser said it is back online. */
  #onlineEvents = 0;
  /** The queued files' uploads, run after each outbox round (ADR 0056). */
  readonly uploads = new AttachmentUploads((count) =>
    // The words load with the first refusal, not with every page (ADR 0011's budget).
    void import("../attachments/words.ts").then(({ refusedToast }) => this.toast(refusedToast(count), "error"))
  );

  /** Shows a toast. */
  toast(text: string, kind: Toast["kind"] = "info", action?: ToastAction): void {
    const id = this.#next++;
    this.toasts = [...this.toasts, { id, text, kind, ...(action ? { action } : {}) }];
    setTimeout(() => this.dismiss(id), action ? 30_000 : kind === "error" ? 8000 : 4000);
  }

  /** Runs a toast's action once and takes the toast away. */
  act(t: Toast): void {
    this.dismiss(t.id);
    void t.action?.run();
  }

  dismiss(id: number): void {
    this.toasts = this.toasts.filter((t) => t.id !== id);
  }

  /**
   * Sends the outbox in `delay` ms, unless a send is already due sooner: a
   * failed send's backoff must not postpone the send that coming back online
   * asked for.
   */
  kick(delay = 30): void {
    const due = Date.now() + delay;
    if (this.#timer !== undefined && this.#due <= due) return;
    clearTimeout(this.#timer);
    this.#due = due;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#run();
    }, delay);
  }

  async #run(): Promise<void> {
    if (this.syncing) {
      this.#again = true;
      return;
    }
    this.syncing = true;
    try {
      const onlineEvents = this.#onlineEvents;
      const report = await flushOutbox();
      if (report) {
        this.lastReport = report;
        // A send that failed before the network came back says nothing about now.
        if (report.offline && onlineEvents === this.#onlineEvents) this.online = false;
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
      this.uploads.kick();
      if (this.#again) {
        this.#again = false;
        this.kick(0);
      }
    }
  }

  /** Starts the background sending: on start, on `online`, on outbox changes, every 30 s. */
  start(): () => void {
    const onOnline = () => {
      this.#onlineEvents++;
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
      this.#timer = undefined;
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
