import { baseServiceConfigSpec, int, loadConfig, oneOf, str, ConfigOf } from '@lt/runtime';

/** signature-verification's environment (docs/signatures.md explains each variable). */
export const signatureVerificationConfigSpec = {
  ...baseServiceConfigSpec(3001),
  /** PEM bundle or directory of trust anchors (the CA certificates of Ban Cơ yếu Chính phủ); reloaded on change. */
  TRUST_ANCHORS_PATH: str({ default: '' }),
  /** Optional PEM bundle or directory of intermediate CA certificates. */
  TRUST_INTERMEDIATES_PATH: str({ default: '' }),
  /** How long a last-good CRL may be used past its nextUpdate when the CA cannot be reached. */
  REVOCATION_MAX_AGE_SECONDS: int({ default: 7 * 24 * 3600, min: 0 }),
  /** Policy for agencies whose directory entry sets none. */
  SIGNATURE_POLICY_DEFAULT: oneOf(['required', 'optional', 'off'] as const, { default: 'required' }),
  /** Accept RSA-SHA1 for every agency (otherwise only for agencies whose policy is `optional`). */
  ALLOW_LEGACY_SHA1: oneOf(['true', 'false'] as const, { default: 'false' }),
  /** Optional JSON file: { "<sha256 fingerprint>": "<agency code>" } binding certificates to agencies. */
  CERT_AGENCY_BINDINGS_FILE: str({ default: '' }),
  /** Warn (log + metric) this many days before a trust anchor or known agency certificate expires. */
  CERT_EXPIRY_WARNING_DAYS: int({ default: 30, min: 1, max: 365 }),
};

export type SignatureVerificationConfig = ConfigOf<typeof signatureVerificationConfigSpec>;

export function loadSignatureVerificationConfig(
  env: NodeJS.ProcessEnv = process.env,
): SignatureVerificationConfig {
  return loadConfig(signatureVerificationConfigSpec, env);
}
