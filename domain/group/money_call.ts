import { MoneyError } from "../money/money_error.ts";
import { DomainError } from "../errors.ts";

/** Runs money code, turning its errors into validation errors. */
export function money<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof MoneyError) {
      throw new DomainError("validation", e.code, e.message, [
        { path: e.path ?? "", message: e.message },
      ]);
    }
    throw e;
  }
}
