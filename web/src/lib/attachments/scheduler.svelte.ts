/**
 * When the queued files are sent (ADR 0056): after every round of the
 * outbox's sender (the app's one scheduler: on start, `online`, a change of
 * the outbox or of the queue, every 30 s, the tab visible again), so an
 * expense synced in that round lets its files go at once. Uploads run beside
 * the outbox, not inside its round, so a large file never holds back the next
 * expense. A round that failed for a passing reason (offline, the server busy)
 * is tried again with backoff (2 s doubling to a minute), and at once on the
 * next outbox round.
 *
 * @module
 */
import { db } from "../db.ts";
import type { UploadReport } from "./upload.ts";

/** The page's uploader: one per app (the root layout's app context). */
export class AttachmentUploads {
  /** The id of the file on its way, if one is. */
  uploading = $state<string | null>(null);
  /** The last round's report. */
  last = $state<UploadReport | null>(null);
  #running = false;
  #again = false;
  #failures = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  /** `onRefused` hears how many files the server refused in a round. */
  constructor(private readonly onRefused: (count: number) => void = () => {}) {}

  /** Runs a round now, or right after the one running. */
  kick(): void {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#running) {
      this.#again = true;
      return;
    }
    void this.#run();
  }

  async #run(): Promise<void> {
    this.#running = true;
    try {
      // The uploader (and its words) only when something waits: most pages never need it, and
      // the group page's first load stays within its budget (ADR 0011).
      if ((await db.attachmentQueue.where("status").equals("waiting").count()) === 0) return;
      const { uploadQueued, backoff } = await import("./upload.ts");
      const report = await uploadQueued((id) => (this.uploading = id));
      if (!report) return;
      this.last = report;
      if (report.refused > 0) this.onRefused(report.refused);
      if (report.error) {
        this.#failures++;
        if (!this.#stopped) this.#timer = setTimeout(() => this.kick(), backoff(this.#failures));
      } else this.#failures = 0;
    } catch (e) {
      console.error("attachments", e);
    } finally {
      this.#running = false;
      if (this.#again) {
        this.#again = false;
        this.kick();
      }
    }
  }

  /** Stops the retries (the layout is gone). */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }
}
