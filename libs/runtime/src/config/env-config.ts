/**
 * Configuration comes from environment variables only, checked at start-up: a service with a bad
 * value refuses to start and names the variable.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly variable: string,
    readonly reason: string,
  ) {
    super(`configuration error: ${variable} ${reason}`);
  }
}

export interface VarSpec<T> {
  parse(raw: string | undefined, name: string): T;
  description: string;
}

type Spec = Record<string, VarSpec<unknown>>;
export type ConfigOf<S extends Spec> = { [K in keyof S]: S[K] extends VarSpec<infer T> ? T : never };

/** Reads and checks every variable of `spec`; throws ConfigError naming the first bad one. */
export function loadConfig<S extends Spec>(spec: S, env: NodeJS.ProcessEnv = process.env): ConfigOf<S> {
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(spec)) {
    const raw = env[name];
    out[name] = v.parse(raw === '' ? undefined : raw, name);
  }
  return out as ConfigOf<S>;
}

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new ConfigError(name, 'is required but not set');
  return value;
}

/** A string, with a default or required. */
export function str(
  opts: { default?: string; pattern?: RegExp; description?: string } = {},
): VarSpec<string> {
  return {
    description: opts.description ?? '',
    parse(raw, name) {
      const value = required(raw ?? opts.default, name);
      if (opts.pattern && !opts.pattern.test(value))
        throw new ConfigError(name, `must match ${opts.pattern}`);
      return value;
    },
  };
}

/** A URL with one of the given protocols (comma-separated lists allowed when `list` is set). */
export function url(opts: {
  default?: string;
  protocols: string[];
  list?: boolean;
  optional?: boolean;
}): VarSpec<string> {
  return {
    description: `URL (${opts.protocols.join(', ')})`,
    parse(raw, name) {
      const value = raw ?? opts.default;
      if (value === undefined && opts.optional) return '';
      const checked = required(value, name);
      for (const part of opts.list ? checked.split(',') : [checked]) {
        let parsed: URL;
        try {
          parsed = new URL(part.trim());
        } catch {
          throw new ConfigError(name, `is not a valid URL`);
        }
        if (!opts.protocols.includes(parsed.protocol.replace(/:$/, ''))) {
          throw new ConfigError(
            name,
            `must use ${opts.protocols.join(' or ')}, not ${parsed.protocol.replace(/:$/, '')}`,
          );
        }
      }
      return checked;
    },
  };
}

/** An integer within bounds. */
export function int(opts: { default?: number; min?: number; max?: number }): VarSpec<number> {
  return {
    description: 'integer',
    parse(raw, name) {
      if (raw === undefined) return required(opts.default, name);
      if (!/^-?\d+$/.test(raw.trim())) throw new ConfigError(name, `must be an integer, got "${raw}"`);
      const value = Number(raw);
      if (opts.min !== undefined && value < opts.min)
        throw new ConfigError(name, `must be at least ${opts.min}`);
      if (opts.max !== undefined && value > opts.max)
        throw new ConfigError(name, `must be at most ${opts.max}`);
      return value;
    },
  };
}

/** One of a fixed set of words. */
export function oneOf<T extends string>(values: readonly T[], opts: { default?: T } = {}): VarSpec<T> {
  return {
    description: values.join(' | '),
    parse(raw, name) {
      const value = required(raw ?? opts.default, name);
      if (!values.includes(value as T))
        throw new ConfigError(name, `must be one of ${values.join(', ')}, got "${value}"`);
      return value as T;
    },
  };
}
