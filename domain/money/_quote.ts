const MAX_QUOTED = 40;

/** Quotes untrusted input for an error message, escaped and cut to a readable length. */
export function quote(value: unknown): string {
  const text = typeof value === "string" ? value : String(value);
  const cut = text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
  return JSON.stringify(cut);
}
