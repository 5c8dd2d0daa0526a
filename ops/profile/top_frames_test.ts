import assert from "node:assert/strict";
import { type CpuProfile, framesTable, topFrames } from "./top_frames.ts";

const frame = (functionName: string, lineNumber = 0) => ({
  functionName,
  url: functionName === "(root)" ? "" : "file:///repo/app/handler.ts",
  lineNumber,
});

// root → handle → parse; root → handle → stringify; samples: parse ×3, stringify ×1, handle ×1.
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame("(root)"), children: [2] },
    { id: 2, callFrame: frame("handle", 9), children: [3, 4] },
    { id: 3, callFrame: frame("parse", 19) },
    { id: 4, callFrame: frame("stringify", 29) },
  ],
  samples: [3, 3, 4, 2, 3],
  timeDeltas: [1000, 1000, 1000, 2000, 1000],
};

Deno.test("topFrames sums self time per function and total time over its callees", () => {
  const { frames, totalMs } = topFrames(profile);
  assert.equal(totalMs, 6);
  assert.deepEqual(frames.map((f) => [f.frame, f.selfMs, f.totalMs]), [
    ["parse (app/handler.ts:20)", 3, 3],
    ["handle (app/handler.ts:10)", 2, 6],
    ["stringify (app/handler.ts:30)", 1, 1],
  ]);
});

Deno.test("a recursive function counts each sample once in its total", () => {
  const recursive: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame("fold"), children: [2] },
      { id: 2, callFrame: frame("fold"), children: [] },
    ],
    samples: [2, 2],
    timeDeltas: [1000, 1000],
  };
  const { frames } = topFrames(recursive);
  assert.deepEqual(frames.map((f) => [f.selfMs, f.totalMs]), [[2, 2]]);
});

Deno.test("framesTable prints the top rows with their shares", () => {
  const { frames, totalMs } = topFrames(profile);
  const table = framesTable(frames, totalMs, 1).split("\n");
  assert.equal(table.length, 3);
  assert.equal(table[2], "| 3 | 50.0 % | 50.0 % | `parse (app/handler.ts:20)` |");
});
