/** Copies only the defined values, so that models never carry `key: undefined`. */
export function definedOnly<T extends object>(values: T): T {
  const out = {} as T;
  for (const key in values) if (values[key] !== undefined) out[key] = values[key];
  return out;
}

/** Undefined when an object has no keys (an element that held only empty fields). */
export function undefinedIfEmpty<T extends object>(value: T): T | undefined {
  for (const _ in value) return value;
  return undefined;
}
