/**
 * The push tables' reads and writes for the API (ADR 0057): a user's
 * subscriptions (one per device, the endpoint unique) and notification
 * settings (groups muted, quiet hours). Command-api writes them, query-api
 * reads them; the notifier reads them to queue deliveries.
 *
 * @module
 */
import { migrate, migrationsOf, type SchemaPart, type Sql } from "@kopek/platform";

/** Where the push tables' migrations live (component `"notifier"`, platform/schema/registry.ts). */
export const notifierMigrations = migrationsOf("notifier");

/** The push tables' part of the database (ADR 0022's `SchemaPart`). */
export const notifierSchema: SchemaPart = Object.freeze({
  migrations: Object.freeze([notifierMigrations]),
  apply: (sql: Sql) => migrate(sql, notifierMigrations),
});

/** At most this many subscriptions per user (devices). */
export const MAX_SUBSCRIPTIONS = 20;

/** A subscription as its owner sees it (the keys are not shown again). */
export interface PushSubscriptionView {
  readonly id: string;
  readonly endpoint: string;
  readonly label: string | null;
  readonly createdAt: string;
}

/** A subscription to store. */
export interface NewSubscription {
  readonly endpoint: string;
  readonly keys: { readonly p256dh: string; readonly auth: string };
  readonly label?: string | null;
}

/** Quiet hours: no pushes from `start` to `end` (HH:MM, wrapping midnight) in `timeZone`. */
export interface QuietHours {
  readonly start: string;
  readonly end: string;
  readonly timeZone: string;
}

/** What a user wants pushed. */
export interface NotificationSettings {
  readonly mutedGroups: readonly string[];
  readonly quietHours: QuietHours | null;
}

type Row = { id: string; endpoint: string; label: string | null; created_at: Date };
const view = (r: Row): PushSubscriptionView => ({
  id: r.id,
  endpoint: r.endpoint,
  label: r.label,
  createdAt: r.created_at.toISOString(),
});

/** What {@linkcode subscribe} did. */
export type SubscribeResult =
  | { readonly status: "created" | "existing"; readonly subscription: PushSubscriptionView }
  | { readonly status: "too_many" };

/**
 * Stores a subscription for the user; the same endpoint again is the same
 * subscription (its keys and label updated, moved to this user when a
 * browser changed hands). Refused past {@linkcode MAX_SUBSCRIPTIONS}.
 */
export function subscribe(
  sql: Sql,
  userId: string,
  id: string,
  input: NewSubscription,
): Promise<SubscribeResult> {
  return sql.begin(async (tx) => {
    // One user's subscribes in turn: the count below holds until commit.
    await tx`SELECT pg_advisory_xact_lock(hashtextextended(${"push " + userId}, 0))`;
    const [known] = await tx<Row[]>`
      UPDATE push_subscriptions SET p256dh = ${input.keys.p256dh}, auth = ${input.keys.auth},
        label = ${input.label ?? null}, user_id = ${userId}
      WHERE endpoint = ${input.endpoint}
      RETURNING id, endpoint, label, created_at`;
    if (known) return { status: "existing" as const, subscription: view(known) };
    const [{ count }] = await tx<{ count: number }[]>`
      SELECT count(*)::int AS count FROM push_subscriptions WHERE user_id = ${userId}`;
    if (count >= MAX_SUBSCRIPTIONS) return { status: "too_many" as const };
    const [row] = await tx<Row[]>`
      INSERT INTO push_subscriptions (id, user_id, endpoint, p256dh, auth, label)
      VALUES (${id}, ${userId}, ${input.endpoint}, ${input.keys.p256dh}, ${input.keys.auth},
        ${input.label ?? null})
      ON CONFLICT (endpoint) DO NOTHING
      RETURNING id, endpoint, label, created_at`;
    // Another user's subscribe of the same endpoint won the race: theirs.
    return row ? { status: "created" as const, subscription: view(row) } : { status: "too_many" };
  }) as Promise<SubscribeResult>;
}

/** Removes the user's subscription by endpoint or id; whether there was one. */
export async function unsubscribe(
  sql: Sql,
  userId: string,
  by: { endpoint: string } | { id: string },
): Promise<boolean> {
  const rows = "endpoint" in by
    ? await sql`DELETE FROM push_subscriptions WHERE user_id = ${userId}
        AND endpoint = ${by.endpoint} RETURNING id`
    : await sql`DELETE FROM push_subscriptions WHERE user_id = ${userId}
        AND id = ${by.id} RETURNING id`;
  return rows.length > 0;
}

/** The user's subscriptions, oldest first (at most {@linkcode MAX_SUBSCRIPTIONS}). */
export async function listSubscriptions(
  sql: Sql,
  userId: string,
): Promise<PushSubscriptionView[]> {
  const rows = await sql<Row[]>`
    SELECT id, endpoint, label, created_at FROM push_subscriptions WHERE user_id = ${userId}
    ORDER BY created_at, id LIMIT ${MAX_SUBSCRIPTIONS}`;
  return rows.map(view);
}

/** The user's settings (nothing muted, no quiet hours when never set). */
export async function readSettings(sql: Sql, userId: string): Promise<NotificationSettings> {
  const [row] = await sql<
    {
      muted_groups: string[];
      quiet_start: string | null;
      quiet_end: string | null;
      time_zone: string | null;
    }[]
  >`SELECT muted_groups, quiet_start, quiet_end, time_zone FROM push_settings
    WHERE user_id = ${userId}`;
  if (!row) return { mutedGroups: [], quietHours: null };
  return {
    mutedGroups: row.muted_groups,
    quietHours: row.quiet_start && row.quiet_end && row.time_zone
      ? { start: row.quiet_start, end: row.quiet_end, timeZone: row.time_zone }
      : null,
  };
}

/** Replaces the user's settings. */
export async function writeSettings(
  sql: Sql,
  userId: string,
  settings: NotificationSettings,
): Promise<NotificationSettings> {
  const q = settings.quietHours;
  const muted = [...new Set(settings.mutedGroups.map((g) => g.toLowerCase()))];
  await sql`
    INSERT INTO push_settings (user_id, muted_groups, quiet_start, quiet_end, time_zone)
    VALUES (${userId}, ${sql.array(muted, 2950)}::uuid[], ${q?.start ?? null}, ${q?.end ?? null},
      ${q?.timeZone ?? null})
    ON CONFLICT (user_id) DO UPDATE SET muted_groups = EXCLUDED.muted_groups,
      quiet_start = EXCLUDED.quiet_start, quiet_end = EXCLUDED.quiet_end,
      time_zone = EXCLUDED.time_zone`;
  return { mutedGroups: muted, quietHours: q };
}

/** Forgets everything of a deleted account. */
export async function forgetUser(sql: Sql, userId: string): Promise<void> {
  await sql`DELETE FROM push_subscriptions WHERE user_id = ${userId}`;
  await sql`DELETE FROM push_settings WHERE user_id = ${userId}`;
}
