import assert from "node:assert/strict";
import { createMemoryCommandApi, requestApp } from "../_memory_testing.ts";

Deno.test("opening a guest link is rate limited per link, and a guest's writes per link", async () => {
  const api = createMemoryCommandApi({
    rateLimiter: undefined,
    rateLimits: {
      guestSessions: { name: "guest-sessions", limit: 2, windowMs: 60_000 },
      writes: { name: "writes", limit: 6, windowMs: 60_000 },
    },
  });
  const ana = await api.user("Ana");
  const group = await ana.send("POST", "/v1/groups", { name: "Flat", currency: "EUR" });
  const g = group.body.id as string;
  const bo = await ana.send("POST", `/v1/groups/${g}/members`, { name: "Bo", role: "member" });
  const cy = await ana.send("POST", `/v1/groups/${g}/members`, { name: "Cy", role: "member" });
  const share = (memberId: string) =>
    ana.send("POST", `/v1/groups/${g}/guest-links`, { memberId, role: "member" });
  const [boLink, cyLink] = [await share(bo.body.id), await share(cy.body.id)];
  const open = (token: string) =>
    requestApp(api.app, null, "POST", "/v1/guest-sessions", { token });
  assert.equal((await open(boLink.body.token)).status, 200);
  const guest = (await open(boLink.body.token)).body.token as string;
  const third = await open(boLink.body.token);
  assert.equal(third.status, 429, third.text);
  assert.equal(third.body.code, "rate_limited");
  // Another link is counted on its own.
  assert.equal((await open(cyLink.body.token)).status, 200);
  // The guest's writes count against its link, not Ana's.
  const expense = {
    description: "Bread",
    total: { amount: "1.00", currency: "EUR" },
    date: "2026-12-01",
    paidBy: [{ memberId: bo.body.id, amount: "1.00" }],
    split: { mode: "equal", shares: [{ memberId: bo.body.id }] },
  };
  let status = 0;
  for (let i = 0; i < 7 && status !== 429; i++) {
    status = (await requestApp(api.app, guest, "POST", `/v1/groups/${g}/expenses`, expense)).status;
  }
  assert.equal(status, 429);
  assert.equal((await ana.send("POST", `/v1/groups/${g}/expenses`, expense)).status, 201);
});
