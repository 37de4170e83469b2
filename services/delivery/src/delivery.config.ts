import { baseServiceConfigSpec, loadConfig, ConfigOf, int, oneOf, str } from '@lt/runtime';

const SHA256_HEX_LIST = /^([0-9a-fA-F]{64})(,[0-9a-fA-F]{64})*$/;
const STATUS_CODE_LIST = /^\d{2}(,\d{2})*$/;

/**
 * delivery's environment. Every timing is a variable so that tests run in seconds; the defaults are
 * the production values (docs/delivery.md explains each one).
 */
export const deliveryConfigSpec = {
  ...baseServiceConfigSpec(3003),
  /**
   * Comma-separated SHA-256 hashes (hex) of the operator bearer tokens (same scheme as routing).
   * Unset: the operator API refuses every request (401).
   */
  OPERATOR_TOKEN_HASHES: str({ default: '', pattern: new RegExp(`^$|${SHA256_HEX_LIST.source}`) }),
  /** `true` lets push endpoints use plain http (tests and local runs); production requires https. */
  DELIVERY_ALLOW_HTTP_ENDPOINTS: oneOf(['true', 'false'] as const, { default: 'false' }),
  /** PEM files of the hub's client certificate and key for mutual TLS to agencies that require it. */
  DELIVERY_TLS_CLIENT_CERT_FILE: str({ default: '' }),
  DELIVERY_TLS_CLIENT_KEY_FILE: str({ default: '' }),
  /** Extra CA certificates (PEM file) trusted for agency endpoints, beside the system store. */
  DELIVERY_TLS_CA_FILE: str({ default: '' }),
  /** How long one push may take (connect, send, answer) before it counts as a timeout. */
  DELIVERY_PUSH_TIMEOUT_MS: int({ default: 30_000, min: 100, max: 600_000 }),
  /** Pushes in flight at once in this process. */
  DELIVERY_PUSH_CONCURRENCY: int({ default: 64, min: 1, max: 1_024 }),
  /** Pushes in flight at once to one agency (one slow agency cannot take every slot). */
  DELIVERY_PUSH_PER_AGENCY_CONCURRENCY: int({ default: 16, min: 1, max: 256 }),
  /**
   * Of DELIVERY_PUSH_CONCURRENCY, slots only urgent deliveries (priority ≥ 2) may take: a hỏa tốc push
   * starts at once even while every other slot waits on slow normal endpoints. Normal work uses at most
   * DELIVERY_PUSH_CONCURRENCY − this (and always at least 1).
   */
  DELIVERY_PUSH_URGENT_RESERVE: int({ default: 16, min: 0, max: 256 }),
  /** Deliveries claimed from the schedule in one query. */
  DELIVERY_CLAIM_BATCH: int({ default: 100, min: 1, max: 1_000 }),
  /** How often an idle worker looks at the schedule (new work in this process wakes it at once). */
  DELIVERY_POLL_INTERVAL_MS: int({ default: 500, min: 10, max: 60_000 }),
  /** A claimed delivery whose worker died is claimable again after this lease (must exceed the timeout). */
  DELIVERY_CLAIM_LEASE_MS: int({ default: 120_000, min: 1_000, max: 3_600_000 }),
  /** Delay before the first retry; doubles (× factor) per attempt up to the maximum. */
  DELIVERY_RETRY_BASE_MS: int({ default: 10_000, min: 1, max: 86_400_000 }),
  DELIVERY_RETRY_FACTOR: int({ default: 2, min: 1, max: 10 }),
  DELIVERY_RETRY_MAX_MS: int({ default: 3_600_000, min: 1, max: 86_400_000 }),
  /** Random spread around each delay, in percent (20: delay × 0.8 … × 1.2). */
  DELIVERY_RETRY_JITTER_PERCENT: int({ default: 20, min: 0, max: 100 }),
  /** A push delivery not delivered this long after it was queued is dead-lettered and the sender told. */
  DELIVERY_MAX_AGE_MS: int({ default: 72 * 3_600_000, min: 1_000, max: 30 * 86_400_000 }),
  /** Consecutive failed pushes to one agency that open its circuit. */
  DELIVERY_CIRCUIT_FAILURE_THRESHOLD: int({ default: 5, min: 1, max: 1_000 }),
  /** How long an open circuit stays open before a probe is allowed. */
  DELIVERY_CIRCUIT_OPEN_MS: int({ default: 30_000, min: 100, max: 3_600_000 }),
  /** Packages kept in memory for pushing (content-addressed, so never stale), in bytes. */
  DELIVERY_BLOB_CACHE_BYTES: int({ default: 64 * 1024 * 1024, min: 0, max: 4 * 1024 * 1024 * 1024 }),
  /** How long a fetched, un-acknowledged inbox item stays hidden before it reappears. */
  INBOX_VISIBILITY_TIMEOUT_MS: int({ default: 300_000, min: 100, max: 86_400_000 }),
  /** Most items one inbox page may return (and the default page size). */
  INBOX_PAGE_MAX: int({ default: 100, min: 1, max: 1_000 }),
  /** Receipt (status 01/03) is due this long after the document was queued for the recipient. */
  RECEIPT_DEADLINE_MS: int({ default: 8 * 3_600_000, min: 1_000, max: 30 * 86_400_000 }),
  /** Status codes that confirm receipt and clear the deadline. */
  RECEIPT_CONFIRMING_STATUS_CODES: str({ default: '01,03', pattern: STATUS_CODE_LIST }),
  /** How often the deadline sweeper looks for overdue receipts. */
  RECEIPT_SWEEP_INTERVAL_MS: int({ default: 60_000, min: 10, max: 3_600_000 }),
  /** A delivery not finished this long after it was queued is listed as stuck for operators. */
  DELIVERY_STUCK_AFTER_MS: int({ default: 3_600_000, min: 0, max: 30 * 86_400_000 }),
  /** Most deliveries one operator redelivery request may name or select. */
  OPERATOR_REDELIVER_MAX: int({ default: 1_000, min: 1, max: 100_000 }),
};

export type DeliveryConfig = ConfigOf<typeof deliveryConfigSpec>;

/** Reads and checks delivery's environment; a bad value throws ConfigError naming the variable. */
export function loadDeliveryConfig(env: NodeJS.ProcessEnv = process.env): DeliveryConfig {
  return loadConfig(deliveryConfigSpec, env);
}
