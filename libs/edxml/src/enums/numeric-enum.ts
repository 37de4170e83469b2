/** Reads a small non-negative integer written as decimal digits; undefined when it is not one. */
export function readSmallInteger(raw: string): number | undefined {
  return /^\d{1,3}$/.test(raw) ? Number(raw) : undefined;
}
