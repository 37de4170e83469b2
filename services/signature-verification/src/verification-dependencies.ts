import { readFile } from 'node:fs/promises';
import { Logger } from '@nestjs/common';
import { AgencyBinding, CrlRevocationChecker, TrustStore, VerificationDeps } from './verification';
import { SignatureVerificationConfig } from './signature-verification.config';

export const VERIFICATION_DEPS = Symbol('VERIFICATION_DEPS');

/**
 * Builds what the verifier needs from configuration: the trust store (hot-reloaded from files), the
 * CRL checker with its last-good cache, and the certificate → agency bindings.
 */
export async function createVerificationDeps(config: SignatureVerificationConfig): Promise<VerificationDeps> {
  const logger = new Logger('TrustStore');
  const trustStore = config.TRUST_ANCHORS_PATH
    ? await TrustStore.fromPath(
        {
          anchorsPath: config.TRUST_ANCHORS_PATH,
          intermediatesPath: config.TRUST_INTERMEDIATES_PATH || undefined,
        },
        {
          watch: true,
          onReloadError: (e) => logger.error(`trust anchors reload failed, keeping the previous set: ${e}`),
        },
      )
    : TrustStore.fromPem('');
  if (!config.TRUST_ANCHORS_PATH) {
    logger.warn('TRUST_ANCHORS_PATH is not set: no certificate chains to a trust anchor (CERT_UNTRUSTED)');
  }
  const agencyBinding: AgencyBinding = config.CERT_AGENCY_BINDINGS_FILE
    ? { fingerprintToAgency: JSON.parse(await readFile(config.CERT_AGENCY_BINDINGS_FILE, 'utf8')) }
    : {};
  return {
    trustStore,
    revocation: new CrlRevocationChecker({ maxStaleAgeMs: config.REVOCATION_MAX_AGE_SECONDS * 1000 }),
    agencyBinding,
  };
}
