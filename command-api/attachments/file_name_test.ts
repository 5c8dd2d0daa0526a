import assert from "node:assert/strict";
import { ATTACHMENT_LIMITS } from "@kopek/domain";
import { ProblemError } from "@kopek/platform";
import { fileName, requestedName } from "./file_name.ts";

const url = (query: string) => new URL(`http://kopek.test/v1/x${query}`);

function refusal(query: string): { status: number; code: string } {
  try {
    requestedName(url(query));
  } catch (e) {
    assert.ok(e instanceof ProblemError, `expected a ProblemError, got ${e}`);
    return { status: e.problem.status, code: String(e.problem.code) };
  }
  assert.fail(`expected ${query} to be refused`);
}

Deno.test("requestedName: none given is null; a name is kept as typed, trimmed", () => {
  assert.equal(requestedName(url("")), null);
  assert.equal(requestedName(url("?name=receipt%20%C3%A9t%C3%A9.jpg")), "receipt été.jpg");
  assert.equal(requestedName(url("?name=%20%20ticket.pdf%20")), "ticket.pdf");
});

Deno.test("requestedName: path separators and control characters become _", () => {
  assert.equal(requestedName(url("?name=..%2F..%2Fetc%2Fpasswd")), ".._.._etc_passwd");
  assert.equal(requestedName(url("?name=a%5Cb%00c%0Ad%7F")), "a_b_c_d_");
});

Deno.test("requestedName: bad names and queries are clear refusals, never a 5xx", () => {
  assert.deepEqual(refusal("?name=%ZZ"), { status: 400, code: "malformed" });
  assert.deepEqual(refusal("?name=a&size=1"), { status: 422, code: "validation" });
  assert.deepEqual(refusal("?name="), { status: 422, code: "validation" });
  assert.deepEqual(refusal("?name=%20%20"), { status: 422, code: "validation" });
  assert.deepEqual(refusal(`?name=${"a".repeat(ATTACHMENT_LIMITS.name + 1)}`), {
    status: 422,
    code: "validation",
  });
  // A lone surrogate's bytes are not UTF-8: refused as malformed before any name is read.
  assert.deepEqual(refusal("?name=%ED%A0%80"), { status: 400, code: "malformed" });
  assert.equal(
    requestedName(url(`?name=${"a".repeat(ATTACHMENT_LIMITS.name)}`))?.length,
    ATTACHMENT_LIMITS.name,
  );
});

Deno.test("fileName: the given name, or attachment.<ext> of the stored type", () => {
  assert.equal(fileName("x.png", "image/jpeg"), "x.png");
  assert.equal(fileName(null, "image/jpeg"), "attachment.jpg");
  assert.equal(fileName(null, "image/png"), "attachment.png");
  assert.equal(fileName(null, "image/webp"), "attachment.webp");
  assert.equal(fileName(null, "application/pdf"), "attachment.pdf");
});
