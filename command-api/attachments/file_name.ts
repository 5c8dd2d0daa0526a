/**
 * An attachment's file name from the query's `name=`: at most 200 UTF-16
 * units (longer is a 422), control characters and path separators replaced,
 * and a default from the stored type when none is given.
 *
 * @module
 */
import { ATTACHMENT_LIMITS, type AttachmentType } from "@kopek/domain";
import { problem, ProblemError } from "@kopek/platform";

const EXTENSION: Record<AttachmentType, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "application/pdf": "pdf",
};

/** The query's name, checked (null: none given). */
export function requestedName(url: URL): string | null {
  try {
    decodeURIComponent(url.search);
  } catch {
    // `%ZZ` would otherwise be read as the three characters it is.
    throw new ProblemError(
      problem(400, "the query string is not valid percent-encoding", { code: "malformed" }),
    );
  }
  for (const key of url.searchParams.keys()) {
    if (key !== "name") {
      throw new ProblemError(
        problem(422, `${key}: unknown parameter`, {
          code: "validation",
          errors: [{ path: key, message: "unknown parameter" }],
        }),
      );
    }
  }
  const raw = url.searchParams.get("name");
  if (raw === null) return null;
  // deno-lint-ignore no-control-regex
  const name = raw.replace(/[\u0000-\u001f\u007f/\\]/g, "_").trim();
  if (name === "" || name.length > ATTACHMENT_LIMITS.name || !name.isWellFormed()) {
    const message = `must be 1 to ${ATTACHMENT_LIMITS.name} characters`;
    throw new ProblemError(
      problem(422, `name: ${message}`, { code: "validation", errors: [{ path: "name", message }] }),
    );
  }
  return name;
}

/** The name kept: the given one, or `attachment.<ext>` of the stored type. */
export function fileName(given: string | null, type: AttachmentType): string {
  return given ?? `attachment.${EXTENSION[type]}`;
}
