import assert from "node:assert/strict";
import { SheetRefusal } from "./sheet.ts";
import { isBlankRecord, sheetAmount, sheetDate } from "./sheet_record.ts";

Deno.test("isBlankRecord() skips a blank line of any width and refuses a short or long record", () => {
  assert.equal(isBlankRecord(["", "  "], 5, 3), true);
  assert.equal(isBlankRecord(["2024-01-02", "x", "", "1.00", "EUR"], 5, 3), false);
  assert.throws(
    () => isBlankRecord(["2024-01-02", "x"], 5, 3),
    (e) =>
      e instanceof SheetRefusal && e.code === "csv.malformed" && e.line === 3 &&
      e.message === "line 3: 2 columns where the header has 5",
  );
});

Deno.test("sheetDate() and sheetAmount() refuse as csv.malformed naming the line", () => {
  assert.equal(sheetDate(" 2024-02-29 ", 4), "2024-02-29");
  assert.throws(() => sheetDate("29/02/2024", 4), /line 4: Date: "29\/02\/2024" is not a date/);
  assert.equal(sheetAmount(" -12.50", "EUR", 4, "Ana"), -1250n);
  assert.throws(
    () => sheetAmount("12.505", "EUR", 4, "Ana"),
    (e) =>
      e instanceof SheetRefusal && e.code === "csv.malformed" &&
      e.message.startsWith("line 4: Ana: "),
  );
});
