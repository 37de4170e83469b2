import { DEFAULT_PARSE_LIMITS, type ParseLimits } from './parse-limits';
import type { AgencyCodePolicy } from '../agency-code/agency-code';

/**
 * `strict`: the regulation (required fields, lengths, formats) — for what we write and for
 * gateways configured strict. `lenient`: what real producers send; each normalisation is reported
 * as a warning instead of an error.
 */
export type ValidationLevel = 'strict' | 'lenient';

/** Options of {@link parseDocumentPackage} and {@link parseStatusPackage}. */
export interface ParseOptions {
  /** Defaults to `lenient` (be tolerant on input). */
  level?: ValidationLevel;
  /** Any subset of the limits; the rest keep {@link DEFAULT_PARSE_LIMITS}. */
  limits?: Partial<ParseLimits>;
  /** Agency-code format policy; defaults to `strict` under the strict level, `lenient` otherwise. */
  agencyCodePolicy?: AgencyCodePolicy;
}

/** Options with every default filled in. */
export interface ResolvedParseOptions {
  level: ValidationLevel;
  limits: ParseLimits;
  agencyCodePolicy: AgencyCodePolicy;
}

/** Fills in defaults. */
export function resolveParseOptions(options: ParseOptions = {}): ResolvedParseOptions {
  const level = options.level ?? 'lenient';
  return {
    level,
    limits: { ...DEFAULT_PARSE_LIMITS, ...options.limits },
    agencyCodePolicy: options.agencyCodePolicy ?? level,
  };
}
