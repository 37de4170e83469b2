import { baseServiceConfigSpec, ConfigError, ConfigOf, int, loadConfig, str, VarSpec } from '@lt/runtime';

/**
 * Comma-separated credentials: each entry is `label:sha256hex` or a bare `sha256hex` (the SHA-256 of a
 * bearer token). Only hashes are configured, so a leaked environment does not leak a usable token.
 */
export function tokenHashes(): VarSpec<Map<string, string>> {
  return {
    description: 'comma-separated [label:]sha256-hex of bearer tokens',
    parse(raw, name) {
      const out = new Map<string, string>();
      if (raw === undefined) return out;
      raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .forEach((entry, i) => {
          const [label, hash] = entry.includes(':') ? entry.split(':', 2) : [`${name}#${i + 1}`, entry];
          if (!/^[0-9a-fA-F]{64}$/.test(hash))
            throw new ConfigError(name, `entry ${i + 1} is not a SHA-256 hex digest`);
          out.set(hash.toLowerCase(), label);
        });
      return out;
    },
  };
}

export const auditConfigSpec = {
  ...baseServiceConfigSpec(3004),
  /** Auditors: read-only access to /v1/audit. */
  AUDITOR_TOKEN_HASHES: tokenHashes(),
  /** Operators: may start a projection rebuild (and read its progress); nothing else. */
  OPERATOR_TOKEN_HASHES: tokenHashes(),
  /** PKCS#8 PEM file holding the Ed25519 key that signs evidence bundles; unset: export answers 503. */
  AUDIT_SIGNING_KEY_FILE: str({ default: '' }),
  /** Most events appended in one transaction by the ingest loop. */
  AUDIT_INGEST_BATCH: int({ default: 1000, min: 1, max: 5000 }),
  /** Most log rows projected into the lifecycle tables in one transaction by the live projection. */
  AUDIT_PROJECTION_BATCH: int({ default: 2000, min: 1, max: 20_000 }),
  /** How often the live projection looks for new log rows when nothing woke it. */
  AUDIT_PROJECTION_POLL_MS: int({ default: 1000, min: 10, max: 60_000 }),
  /** How often a checkpoint (chain head, row count) is recorded and published, when the log grew. */
  AUDIT_CHECKPOINT_INTERVAL_MS: int({ default: 60_000, min: 100, max: 86_400_000 }),
  /** Receipt deadline (Decree 30/2020: same day): delivered documents without 01/03 after it are overdue. */
  AUDIT_RECEIPT_DEADLINE_HOURS: int({ default: 24, min: 1, max: 720 }),
  /** Largest page of search results. */
  AUDIT_SEARCH_MAX_PAGE: int({ default: 100, min: 1, max: 1000 }),
  /** Largest number of rows in one CSV export. */
  AUDIT_CSV_MAX_ROWS: int({ default: 10_000, min: 1, max: 1_000_000 }),
};

export type AuditConfig = ConfigOf<typeof auditConfigSpec>;

export function loadAuditConfig(env: NodeJS.ProcessEnv = process.env): AuditConfig {
  return loadConfig(auditConfigSpec, env);
}
