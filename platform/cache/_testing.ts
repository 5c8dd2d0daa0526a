/** The server that integration tests use: `KOPEK_TEST_VALKEY_URL`, else the local default. */
export function testValkeyUrl(): string {
  return Deno.env.get("KOPEK_TEST_VALKEY_URL") ?? "redis://127.0.0.1:6379";
}
