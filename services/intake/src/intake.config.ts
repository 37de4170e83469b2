import { baseServiceConfigSpec, ConfigError, ConfigOf, int, loadConfig, str, VarSpec } from '@lt/runtime';

/** A comma-separated list of lowercase hex SHA-256 digests (operator bearer tokens are never stored in clear). */
function sha256List(): VarSpec<string[]> {
  return {
    description: 'comma-separated SHA-256 hex digests',
    parse(raw, name) {
      if (raw === undefined) return [];
      const items = raw
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean);
      for (const item of items) {
        if (!/^[0-9a-f]{64}$/.test(item)) throw new ConfigError(name, 'must list SHA-256 hex digests');
      }
      return items;
    },
  };
}

/** A comma-separated list of words (IP addresses of trusted proxies). */
function list(): VarSpec<string[]> {
  return {
    description: 'comma-separated list',
    parse(raw) {
      return (raw ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    },
  };
}

/** intake's environment: the common variables, the agency-facing limits and authentication. */
export const intakeConfigSpec = {
  ...baseServiceConfigSpec(3000),
  /** Largest package accepted, in bytes (default 50 MiB). */
  MAX_PACKAGE_BYTES: int({ default: 50 * 1024 * 1024, min: 1024, max: 512 * 1024 * 1024 }),
  /** How far a signed request's timestamp may be from the hub's clock, in seconds (default 300). */
  AUTH_CLOCK_SKEW_SECONDS: int({ default: 300, min: 5, max: 3600 }),
  /** SHA-256 hex digests of the operator bearer tokens (same scheme as routing and delivery). */
  OPERATOR_TOKEN_HASHES: sha256List(),
  /**
   * Header in which the ingress forwards the agency code read from a verified client certificate;
   * empty (the default) turns certificate identity off.
   */
  CLIENT_CERT_AGENCY_HEADER: str({ default: '', pattern: /^[a-z0-9-]*$/ }),
  /** Addresses of the ingress proxies allowed to assert a certificate identity (required with the header). */
  CLIENT_CERT_TRUSTED_PROXIES: list(),
  /** Requests per minute one agency may make (sustained), and the burst above it. */
  RATE_LIMIT_PER_MINUTE: int({ default: 6000, min: 1, max: 10_000_000 }),
  RATE_LIMIT_BURST: int({ default: 200, min: 1, max: 1_000_000 }),
  /** Longest a request may take before the hub answers 503 REQUEST_TIMEOUT, in ms. */
  REQUEST_TIMEOUT_MS: int({ default: 60_000, min: 100, max: 600_000 }),
  /** How long delivery and routing get to answer a query, in ms. */
  QUERY_TIMEOUT_MS: int({ default: 5_000, min: 100, max: 60_000 }),
  /** How long a rotated-out secret keeps working, in seconds (default 7 days). */
  CREDENTIAL_ROTATION_GRACE_SECONDS: int({ default: 7 * 24 * 3600, min: 0, max: 365 * 24 * 3600 }),
  /** How long an Idempotency-Key's answer is remembered, in hours (default 48). */
  IDEMPOTENCY_TTL_HOURS: int({ default: 48, min: 1, max: 24 * 365 }),
};

export type IntakeConfig = ConfigOf<typeof intakeConfigSpec>;

export function loadIntakeConfig(env: NodeJS.ProcessEnv = process.env): IntakeConfig {
  const config = loadConfig(intakeConfigSpec, env);
  if (config.CLIENT_CERT_AGENCY_HEADER && config.CLIENT_CERT_TRUSTED_PROXIES.length === 0) {
    throw new ConfigError(
      'CLIENT_CERT_TRUSTED_PROXIES',
      'must list the ingress addresses when CLIENT_CERT_AGENCY_HEADER is set',
    );
  }
  return config;
}
