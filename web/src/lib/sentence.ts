/**
 * A message as a sentence for people: its first letter upper-case
 * ("must be more than zero" → "Must be more than zero"). Messages from the
 * money rules and the server start lower-case so that they can be joined to
 * a field's name; shown alone, next to their field, they read as sentences.
 *
 * @module
 */
export function sentence(message: string): string {
  const m = message.trim();
  return m === "" ? m : m[0].toLocaleUpperCase("en") + m.slice(1);
}
