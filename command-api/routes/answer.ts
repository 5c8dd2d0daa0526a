/**
 * How a command's typed answer becomes HTTP: 201 for what it created, else
 * 200; the entity's version as its `ETag`. The one place of the write side
 * that decides statuses and headers of an accepted command.
 *
 * @module
 */
import type { CommandAnswer } from "../commands.ts";

/** The status of an accepted command. */
export function answerStatus(answer: CommandAnswer): 200 | 201 {
  return answer.created ? 201 : 200;
}

/** The headers of an accepted command (its entity's `ETag`, if it has a version). */
export function answerHeaders(answer: CommandAnswer): Record<string, string> {
  return answer.etag === null ? {} : { ETag: `"${answer.etag}"` };
}
