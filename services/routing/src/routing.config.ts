import { baseServiceConfigSpec, loadConfig, ConfigOf, int, oneOf, str } from '@lt/runtime';

const SHA256_HEX_LIST = /^([0-9a-fA-F]{64})(,[0-9a-fA-F]{64})*$/;

export const routingConfigSpec = {
  ...baseServiceConfigSpec(3002),
  /**
   * Comma-separated SHA-256 hashes (hex) of the operator bearer tokens. Unset: the operator API
   * refuses every request (401), which is the safe default.
   */
  OPERATOR_TOKEN_HASHES: str({ default: '', pattern: new RegExp(`^$|${SHA256_HEX_LIST.source}`) }),
  /** JSON directory file imported at start-up (idempotent: only changes become events). */
  DIRECTORY_SEED_FILE: str({ default: '' }),
  /** `strict`: only regulation-format codes may be registered. `lenient`: also opaque test codes. */
  AGENCY_CODE_POLICY: oneOf(['strict', 'lenient'] as const, { default: 'strict' }),
  /** Largest directory import body (CSV or JSON), in bytes. */
  DIRECTORY_IMPORT_MAX_BYTES: int({ default: 20 * 1024 * 1024, min: 1024, max: 512 * 1024 * 1024 }),
  /** Most rows one import may carry. */
  DIRECTORY_IMPORT_MAX_ROWS: int({ default: 50_000, min: 1, max: 1_000_000 }),
  /** Most results one search page may return. */
  DIRECTORY_SEARCH_MAX_LIMIT: int({ default: 100, min: 1, max: 1_000 }),
  /** How many successor hops routing follows from a retired code (A → B → C) before giving up. */
  SUCCESSOR_MAX_HOPS: int({ default: 5, min: 0, max: 20 }),
  /**
   * Most agency versions (rows of the projection) a replica holds in memory to route without reading
   * the directory from PostgreSQL. Above it the replica reads PostgreSQL (a warning says so); 0 turns
   * the cache off. 20,000 agencies with a few versions each take a few tens of MB.
   */
  DIRECTORY_CACHE_MAX_VERSIONS: int({ default: 200_000, min: 0, max: 5_000_000 }),
};

export type RoutingConfig = ConfigOf<typeof routingConfigSpec>;

export function loadRoutingConfig(env: NodeJS.ProcessEnv = process.env): RoutingConfig {
  return loadConfig(routingConfigSpec, env);
}
