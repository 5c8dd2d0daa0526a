/** A money rule broken by input: `code` as the server names it, a message, the field's path. */
export class MoneyError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = "MoneyError";
  }
}
