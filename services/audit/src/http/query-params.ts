import { ProblemError } from '@lt/runtime';

const bad = (name: string, why: string) =>
  new ProblemError(
    400,
    'AUDIT_BAD_PARAMETER',
    `Bad query parameter ${name}`,
    `Tham số ${name} không hợp lệ`,
    `${name} ${why}`,
    {
      parameter: name,
    },
  );

/** An optional integer query parameter within bounds (400 names the parameter otherwise). */
export function intParam(
  name: string,
  raw: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw)) throw bad(name, 'must be an integer');
  const v = Number(raw);
  if (v < min || v > max) throw bad(name, `must be between ${min} and ${max}`);
  return v;
}

/** An optional ISO date or instant. */
export function dateParam(name: string, raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(raw) || Number.isNaN(Date.parse(raw)))
    throw bad(name, 'must be an ISO date (yyyy-mm-dd) or instant');
  return raw;
}

/** An optional short text parameter. */
export function textParam(name: string, raw: string | undefined, maxLength = 200): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (raw.length > maxLength) throw bad(name, `must be at most ${maxLength} characters`);
  return raw;
}

export function oneOfParam<T extends string>(
  name: string,
  raw: string | undefined,
  values: readonly T[],
  fallback: T,
): T {
  if (raw === undefined || raw === '') return fallback;
  if (!values.includes(raw as T)) throw bad(name, `must be one of ${values.join(', ')}`);
  return raw as T;
}
