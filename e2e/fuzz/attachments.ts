/**
 * Fuzz routes: attachments (ADR 0055). The upload's body is raw bytes, not
 * JSON, so it is made whole like the import's (`raw`): a small PDF
 * (accepted, or refused once the expense holds 10), forged types, garbage,
 * truncated magic numbers, a bad `name`, bad credentials. The other routes
 * are fuzzed by their ids and queries.
 *
 * @module
 */
import fc from "fast-check";
import type { Fixture } from "./_kit/fixture.ts";
import type { Req } from "./_kit/request.ts";
import { g0, type Route } from "./_kit/route.ts";

const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n");

/** The attachment routes. */
export const ATTACHMENT_ROUTES: readonly Route[] = [
  {
    name: "attachment.put",
    op: "PUT /v1/groups/{g}/expenses/{e}/attachments/{a}",
    method: "PUT",
    path: "/v1/groups/{0}/expenses/{1}/attachments/{2}",
    ids: (f) => [f.g, f.E, crypto.randomUUID()],
    auth: "user",
    raw: uploadArb,
    weight: 2,
  },
  {
    name: "attachment.delete",
    op: "DELETE /v1/groups/{g}/expenses/{e}/attachments/{a}",
    method: "DELETE",
    path: "/v1/groups/{0}/expenses/{1}/attachments/{2}",
    ids: (f) => [f.g, f.E, crypto.randomUUID()],
    auth: "user",
    bodyless: true,
    weight: 1,
  },
];

/** The attachment reads. */
export const ATTACHMENT_READS: readonly Route[] = [
  {
    name: "GET attachments",
    op: "GET /v1/groups/{g}/expenses/{e}/attachments",
    method: "GET",
    path: "/v1/groups/{0}/expenses/{1}/attachments",
    ids: (f) => [f.g, f.E],
    auth: "user",
    params: [],
  },
  {
    name: "GET attachment url",
    op: "GET /v1/groups/{g}/attachments/{a}/url",
    method: "GET",
    path: "/v1/groups/{0}/attachments/{1}/url",
    ids: (f) => [f.g, crypto.randomUUID()],
    auth: "user",
    params: ["variant"],
  },
  {
    name: "GET file",
    op: "GET /v1/files/{token}",
    method: "GET",
    path: "/v1/files/{0}",
    ids: () => [`eyJhbGciOiJIUzI1NiJ9.${crypto.randomUUID()}.x`],
    auth: "none",
    produces: "application/octet-stream",
  },
  {
    name: "GET export.tar",
    op: "GET /v1/groups/{g}/export.tar",
    method: "GET",
    path: "/v1/groups/{0}/export.tar",
    ids: g0,
    auth: "user",
    params: [],
    produces: "application/x-tar",
  },
];

/** An upload: the good PDF, or one thing wrong with it. */
function uploadArb(f: Fixture): fc.Arbitrary<Req> {
  type Upload = {
    label: string;
    body: Uint8Array;
    query?: string;
    auth?: string | null;
    ok?: number[];
  };
  const upload: fc.Arbitrary<Upload> = fc.oneof(
    // 201, or 409 attachment.limit once the expense holds 10.
    { weight: 3, arbitrary: fc.constant<Upload>({ label: "pdf", body: PDF, ok: [201, 409] }) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        "<html><script>alert(1)</script></html>",
        "MZ\u0090\u0000\u0003",
        "\u00ff\u00d8\u00ff<html>",
        "GIF89a",
        "",
      ).map((t) => ({
        label: `forged ${JSON.stringify(t.slice(0, 8))}`,
        body: Uint8Array.from(t, (c) => c.charCodeAt(0) & 0xff),
        // 409 attachment.limit once the expense holds 10: that is refused before a byte is read.
        ok: [415, 409],
      })),
    },
    {
      weight: 2,
      arbitrary: fc.uint8Array({ maxLength: 300 }).map((body) => ({ label: "garbage", body })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom("name=", `name=${"x".repeat(201)}`, "nom=x", "name=%ZZ").map(
        (query) => ({ label: `query ${query.slice(0, 12)}`, body: PDF, query, ok: [400, 422] }),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(null, "Bearer nope").map((auth) => ({
        label: `auth ${auth}`,
        body: PDF,
        auth,
        ok: [401],
      })),
    },
  );
  return upload.map((u): Req => {
    const headers: Record<string, string> = { "content-type": "image/jpeg" };
    const auth = u.auth === undefined ? `Bearer ${f.anaToken}` : u.auth;
    if (auth !== null) headers.authorization = auth;
    const path = `/v1/groups/${f.g}/expenses/${f.E}/attachments/${crypto.randomUUID()}`;
    const accepted = u.ok?.includes(201) ?? false;
    return {
      route: "attachment.put",
      method: "PUT",
      path: u.query ? `${path}?${u.query}` : path,
      headers,
      body: u.body,
      mustReject: !accepted,
      doomed: [],
      expect: u.ok,
      labels: ["attachment.put", u.label],
    };
  });
}
