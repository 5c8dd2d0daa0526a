import assert from "node:assert/strict";
import { evaluate, readNumber, toDecimalString } from "./decimal.ts";

const read = (s: string) => {
  const d = readNumber(s);
  return d === undefined ? undefined : toDecimalString(d);
};

Deno.test("readNumber() reads decimal commas, points and thousands separators", () => {
  assert.equal(read("12,50"), "12.5");
  assert.equal(read("12.5"), "12.5");
  assert.equal(read("1.234,56"), "1234.56");
  assert.equal(read("1,234.56"), "1234.56");
  assert.equal(read("1.000.000"), "1000000");
  assert.equal(read("1.200"), "1200");
  assert.equal(read("0.500"), "0.5");
  assert.equal(read("1,2,3"), undefined);
  assert.equal(read("12,34,56.7"), undefined);
});

Deno.test("evaluate() multiplies before adding, exactly", () => {
  assert.equal(toDecimalString(evaluate("3*4.5")!), "13.5");
  assert.equal(toDecimalString(evaluate("12+8")!), "20");
  assert.equal(toDecimalString(evaluate("2x3+0,1")!), "6.1");
  assert.equal(toDecimalString(evaluate("0.1+0.2")!), "0.3");
  assert.equal(evaluate("3*"), undefined);
});
