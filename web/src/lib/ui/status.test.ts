import { describe, expect, it } from "vitest";
import { statusLine } from "./status.ts";

describe("statusLine", () => {
  it("says all changes saved only when nothing waits and nothing was refused", () => {
    expect(statusLine({ online: true, syncing: false, pending: 0, rejected: 0 }))
      .toEqual({ state: "online", text: "Online, all changes saved" });
    for (const [pending, rejected] of [[1, 0], [0, 1], [2, 3]]) {
      for (const syncing of [false, true]) {
        for (const online of [false, true]) {
          expect(statusLine({ online, syncing, pending, rejected }).text).not.toMatch(/all changes saved/);
        }
      }
    }
  });

  it("counts what was refused, online and offline", () => {
    expect(statusLine({ online: true, syncing: false, pending: 0, rejected: 1 }))
      .toEqual({ state: "online", text: "1 change refused: see Outbox" });
    expect(statusLine({ online: true, syncing: false, pending: 2, rejected: 1 }).text)
      .toBe("2 changes waiting, 1 change refused: see Outbox");
    expect(statusLine({ online: false, syncing: false, pending: 0, rejected: 2 }))
      .toEqual({ state: "offline", text: "Offline: 2 changes refused: see Outbox" });
  });

  it("keeps the words it had for waiting changes", () => {
    expect(statusLine({ online: false, syncing: false, pending: 0, rejected: 0 }).text).toBe("Offline");
    expect(statusLine({ online: false, syncing: true, pending: 3, rejected: 0 }).text).toBe("Offline: 3 changes waiting");
    expect(statusLine({ online: true, syncing: true, pending: 1, rejected: 0 }))
      .toEqual({ state: "syncing", text: "Syncing 1 change…" });
    expect(statusLine({ online: true, syncing: false, pending: 2, rejected: 0 }).text).toBe("2 changes waiting");
  });
});
