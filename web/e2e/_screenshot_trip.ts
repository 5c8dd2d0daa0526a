/**
 * The data of the README's screenshots (`screenshots.ts`), seeded through the API and always
 * the same: a trip of four people with a dozen expenses in several categories and currencies,
 * and a settlement.
 *
 * @module
 */
import type { KopekClient } from "@kopek/testing";
import { PASSWORD, readAt } from "./_browser.ts";

/** The trip's four people. */
export type Names = "Ana" | "Ben" | "Chiara" | "Dev";

/** The trip: who paid what, and how it is split. */
function expenses(m: Record<Names, string>) {
  const all = (Object.keys(m) as Names[]).map((n) => ({ memberId: m[n] }));
  const eur = (amount: string) => ({ amount, currency: "EUR" });
  const one = (
    payer: Names,
    amount: string,
  ) => [{ memberId: m[payer], amount }];
  return [
    {
      description: "Flights Berlin–Lisbon",
      total: eur("486.00"),
      date: "2026-07-14",
      category: "transport",
      paidBy: one("Ana", "486.00"),
      split: { mode: "equal", shares: all },
    },
    {
      description: "Apartment in Alfama, 5 nights",
      total: eur("640.00"),
      date: "2026-08-02",
      category: "lodging",
      paidBy: one("Ben", "640.00"),
      split: { mode: "equal", shares: all },
    },
    {
      description: "eSIM data plans",
      total: { amount: "36.00", currency: "USD" },
      fx: { rate: "0.8571" },
      date: "2026-09-24",
      category: "utilities",
      paidBy: one("Dev", "36.00"),
      split: { mode: "equal", shares: all },
    },
    {
      description: "Groceries at Pingo Doce",
      total: eur("64.35"),
      date: "2026-09-25",
      category: "groceries",
      paidBy: one("Chiara", "64.35"),
      split: { mode: "equal", shares: all },
    },
    {
      description: "Dinner at Cervejaria Ramiro",
      total: eur("148.20"),
      date: "2026-09-25",
      category: "food",
      paidBy: one("Dev", "148.20"),
      split: { mode: "equal", shares: all },
    },
    {
      description: "Tram 28 day passes",
      total: eur("26.80"),
      date: "2026-09-26",
      category: "transport",
      paidBy: one("Ana", "26.80"),
      split: { mode: "equal", shares: all },
    },
    {
      description: "Sintra day trip",
      total: eur("96.00"),
      date: "2026-09-26",
      category: "entertainment",
      paidBy: one("Ben", "96.00"),
      split: {
        mode: "shares",
        shares: [
          { memberId: m.Ana, weight: 1 },
          { memberId: m.Ben, weight: 1 },
          { memberId: m.Chiara, weight: 2 },
        ],
      },
    },
    {
      description: "Pastéis de Belém",
      total: eur("14.40"),
      date: "2026-09-27",
      category: "food",
      paidBy: one("Chiara", "14.40"),
      split: { mode: "equal", shares: all },
    },
    {
      description: "Surf lesson in Cascais",
      total: eur("180.00"),
      date: "2026-09-27",
      category: "entertainment",
      paidBy: one("Dev", "180.00"),
      split: {
        mode: "percent",
        shares: [
          { memberId: m.Ben, percent: "50" },
          { memberId: m.Dev, percent: "50" },
        ],
      },
    },
    {
      description: "Fado night",
      total: eur("120.00"),
      date: "2026-09-28",
      category: "entertainment",
      paidBy: one("Ana", "120.00"),
      split: {
        mode: "exact",
        shares: [
          { memberId: m.Ana, amount: "40.00" },
          { memberId: m.Ben, amount: "40.00" },
          { memberId: m.Chiara, amount: "40.00" },
        ],
      },
    },
    {
      description: "Pharmacy",
      total: eur("12.80"),
      date: "2026-09-28",
      category: "health",
      paidBy: one("Chiara", "12.80"),
      split: {
        mode: "equal",
        shares: [{ memberId: m.Chiara }, { memberId: m.Dev }],
      },
    },
    {
      description: "Stopover in London: lunch",
      total: { amount: "72.40", currency: "GBP" },
      fx: { rate: "1.1627" },
      date: "2026-09-29",
      category: "food",
      paidBy: [{ memberId: m.Ana, amount: "40.00" }, {
        memberId: m.Ben,
        amount: "32.40",
      }],
      split: { mode: "equal", shares: all },
    },
    {
      description: "Farewell dinner",
      total: eur("212.50"),
      date: "2026-09-29",
      category: "food",
      paidBy: one("Ben", "212.50"),
      split: { mode: "equal", shares: all },
    },
    {
      description: "Photo book of the trip",
      total: eur("58.90"),
      date: "2026-10-12",
      category: "shopping",
      paidBy: one("Chiara", "58.90"),
      split: { mode: "equal", shares: all },
    },
  ];
}

/** Seeds the trip; answers the group's and the members' ids and Ana's client. */
export async function seed(api: KopekClient) {
  const ana = await api.post("/v1/auth/register", {
    email: "ana@kopek.example",
    password: PASSWORD,
    displayName: "Ana",
  });
  const owner = api.as(ana.body.token);
  const ben = await api.post("/v1/auth/register", {
    email: "ben@kopek.example",
    password: PASSWORD,
    displayName: "Ben",
  });
  if (ana.status !== 201 || ben.status !== 201) {
    throw new Error("could not register");
  }
  const group = await owner.post("/v1/groups", {
    name: "Lisbon trip",
    currency: "EUR",
  });
  const g = group.body.id as string;
  const m = { Ana: group.body.memberId } as Record<Names, string>;
  for (
    const [name, body] of [
      ["Ben", { name: "Ben", email: "ben@kopek.example", role: "admin" }],
      ["Chiara", { name: "Chiara", role: "member" }],
      ["Dev", { name: "Dev", role: "member" }],
    ] as const
  ) {
    const a = await owner.post(`/v1/groups/${g}/members`, body);
    if (a.status !== 201) {
      throw new Error(`member ${name}: ${JSON.stringify(a.body)}`);
    }
    m[name] = a.body.id;
  }
  let position = 0;
  for (const e of expenses(m)) {
    const a = await owner.post(`/v1/groups/${g}/expenses`, e);
    if (a.status !== 201) {
      throw new Error(`${e.description}: ${JSON.stringify(a.body)}`);
    }
    position = a.body.position;
  }
  const settled = await owner.post(`/v1/groups/${g}/settlements`, {
    from: m.Chiara,
    to: m.Ana,
    amount: { amount: "150.00", currency: "EUR" },
    date: "2026-09-30",
    note: "Bank transfer",
  });
  if (settled.status !== 201) {
    throw new Error(`settlement: ${JSON.stringify(settled.body)}`);
  }
  position = settled.body.position;
  // Read-your-writes before the browser reads.
  await readAt(owner, `/v1/groups/${g}`, position);
  return { groupId: g, members: m, owner };
}
