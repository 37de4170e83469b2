import { createHash } from 'node:crypto';

/** The previous hash of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Canonical JSON: object keys sorted, no insignificant white space, so the same event always hashes
 * to the same value whoever serialises it.
 *
 * This form is part of every stored row and signed bundle: it must never change. `canonicalJson` takes
 * a fast path through the native `JSON.stringify` (keys re-ordered by a replacer) and falls back to
 * the reference implementation, `canonicalJsonReference`, for whatever the fast path could render
 * differently: integer-like keys (JavaScript objects list those first, whatever their insertion
 * order), `toJSON` methods, functions and symbols. A property test holds the two equal.
 */
export function canonicalJson(value: unknown): string {
  try {
    return JSON.stringify(value, sortedKeys) ?? 'null';
  } catch (error) {
    if (error === NOT_PLAIN) return canonicalJsonReference(value);
    throw error;
  }
}

/** The reference serialisation (recursive); `canonicalJson` is equal to it and faster. */
export function canonicalJsonReference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value))
    return `[${value.map((v) => canonicalJsonReference(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJsonReference(v)}`).join(',')}}`;
}

const NOT_PLAIN = new Error('not plain JSON data');
const INTEGER_LIKE = /^(0|[1-9]\d*)$/;

function sortedKeys(this: unknown, key: string, value: unknown): unknown {
  const raw = key === '' ? value : (this as Record<string, unknown>)[key];
  if (raw !== value || typeof value === 'function' || typeof value === 'symbol') throw NOT_PLAIN;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const keys = Object.keys(value).sort();
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    // Integer-like keys would be reordered by the engine; `__proto__` would set the prototype of
    // `out` instead of a key: both take the reference path.
    if (INTEGER_LIKE.test(k) || k === '__proto__') throw NOT_PLAIN;
    out[k] = (value as Record<string, unknown>)[k];
  }
  return out;
}

/** A row's hash covers its position, the previous row's hash and its canonical content. */
export function chainHash(position: number, prevHash: string, content: string): string {
  return createHash('sha256').update(`${position}\n${prevHash}\n${content}`).digest('hex');
}
