/** Throws a `RangeError` unless `ms` is a positive finite number of milliseconds. */
export function assertPositiveMs(name: string, ms: number): void {
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new RangeError(`${name} must be a positive number of milliseconds, got ${ms}`);
  }
}
