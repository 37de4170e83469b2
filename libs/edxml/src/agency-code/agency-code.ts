/**
 * Agency identifier codes (mã định danh) `V1V2V3.Z1Z2.Y1Y2.X1X2X3`, read right to left: `X1X2X3` is
 * the level-1 body (group letter + two digits), `Y1Y2` its level-2 unit, `Z1Z2` level 3, `V1V2V3`
 * level 4; unused levels are zeros. Pure functions: the directory, not this module, decides which
 * codes exist.
 */

/** `strict`: only the regulation's format. `lenient`: also opaque codes used by test gateways. */
export type AgencyCodePolicy = 'strict' | 'lenient';

/** Administrative level of an agency: 1 = level-1 body only, 4 = the deepest unit. */
export type AgencyLevel = 1 | 2 | 3 | 4;

/** A code in the regulation's format, split into its parts. */
export interface StructuredAgencyCode {
  structured: true;
  value: string;
  level: AgencyLevel;
  /** Group letter of the level-1 body: `G` Government bodies, `H` provinces, `A` Party bodies, ... */
  group: string;
  /** `X1X2X3`, e.g. `G22`. */
  level1: string;
  /** `Y1Y2`. */
  level2: string;
  /** `Z1Z2`. */
  level3: string;
  /** `V1V2V3`. */
  level4: string;
}

/** A code outside the format, accepted only under the lenient policy (e.g. `vxp.saas.03`). */
export interface OpaqueAgencyCode {
  structured: false;
  value: string;
}

/** A parsed agency code. */
export type AgencyCode = StructuredAgencyCode | OpaqueAgencyCode;

const STRUCTURED = /^(\d{3})\.(\d{2})\.(\d{2})\.([A-Z])(\d{2})$/;
// Lenient: printable, no spaces, bounded; enough for routing to look it up in the directory.
const OPAQUE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const isZero = (digits: string) => /^0+$/.test(digits);

/**
 * Parses an agency code under a format policy. Returns undefined when the code is not acceptable.
 *
 * @example parseAgencyCode('000.00.11.H53') // { level: 2, group: 'H', level1: 'H53', ... }
 */
export function parseAgencyCode(value: string, policy: AgencyCodePolicy = 'strict'): AgencyCode | undefined {
  const m = STRUCTURED.exec(value);
  if (m) {
    const [, level4, level3, level2, group, digits] = m;
    const level: AgencyLevel = !isZero(level4) ? 4 : !isZero(level3) ? 3 : !isZero(level2) ? 2 : 1;
    return { structured: true, value, level, group, level1: `${group}${digits}`, level2, level3, level4 };
  }
  if (policy === 'lenient' && OPAQUE.test(value)) return { structured: false, value };
  return undefined;
}

/** True when the code is acceptable under the policy. */
export function isValidAgencyCode(value: string, policy: AgencyCodePolicy = 'strict'): boolean {
  return parseAgencyCode(value, policy) !== undefined;
}

/**
 * The code of the parent agency, found by zeroing the lowest non-zero level:
 * `000.00.11.H53` → `000.00.00.H53`. Undefined for a level-1 body or a code outside the format.
 */
export function parentAgencyCode(value: string): string | undefined {
  const code = parseAgencyCode(value, 'strict');
  if (!code || !code.structured || code.level === 1) return undefined;
  const parts = [code.level4, code.level3, code.level2];
  // parts[0] is level 4: the lowest (deepest) non-zero level is the first non-zero from the left.
  for (let i = 0; i < parts.length; i++) {
    if (!isZero(parts[i])) {
      parts[i] = '0'.repeat(parts[i].length);
      break;
    }
  }
  return `${parts[0]}.${parts[1]}.${parts[2]}.${code.level1}`;
}

/** Every ancestor of a code, nearest first (`000.01.11.H53` → `000.00.11.H53`, `000.00.00.H53`). */
export function agencyCodeAncestors(value: string): string[] {
  const out: string[] = [];
  for (let p = parentAgencyCode(value); p; p = parentAgencyCode(p)) out.push(p);
  return out;
}
