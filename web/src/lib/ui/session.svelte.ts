/**
 * The small session store: who is signed in, following IndexedDB so that a
 * sign-in, refresh or sign-out in another tab (or the service worker) shows here.
 *
 * @module
 */
import { liveQuery } from "dexie";
import { db } from "../db.ts";
import type { Session, User } from "../types.ts";
import { type GuestInfo, guestOf } from "../guest.ts";

class SessionStore {
  user = $state<User | null>(null);
  /** The guest this session stands for (ADR 0059), or null for an account. */
  guest = $state<GuestInfo | null>(null);
  /** False until IndexedDB was read once. */
  ready = $state(false);
  #started = false;

  /** Starts following the stored session (once). */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    liveQuery(() => db.kv.get("session")).subscribe({
      next: (row) => {
        this.user = (row?.value as Session | undefined)?.user ?? null;
        this.guest = guestOf(row?.value as Session | undefined);
        this.ready = true;
      },
      error: () => {
        this.ready = true;
      },
    });
  }

  /**
   * This page just signed in (or up) with `s`, already saved: known here at once. IndexedDB's
   * change reaches the live query a moment later, and the page the sign-in goes to next would
   * otherwise find nobody signed in and send the person back to the sign-in form.
   */
  signedIn(s: Session): void {
    this.user = s.user;
    this.guest = guestOf(s);
    this.ready = true;
  }
}

/** The session of this page. */
export const session = new SessionStore();
