import type { SignatureEvidence, SignatureRejectionReason } from '@lt/contracts';
import type { AgencyBinding } from './agency/agency-binding';
import type { TrustStore } from './certificates/trust-store';
import type { RevocationChecker } from './revocation/revocation-checker';

/** The outcome of verifying one package's envelope signature. */
export type SignatureVerdict =
  | { outcome: 'verified'; evidence: SignatureEvidence }
  | { outcome: 'rejected'; reason: SignatureRejectionReason; detail: string; evidence: SignatureEvidence };

/** Who sent the package, which policy applies to that agency, and the instant the check is made for. */
export interface VerificationContext {
  /** OrganId of the sending agency, as the hub authenticated it. */
  senderCode: string;
  policy: 'required' | 'optional' | 'off';
  /** Accept RSA-SHA1 signatures and SHA-1 digests (legacy senders only). */
  allowLegacySha1: boolean;
  /** Certificates must be valid (and not revoked) at this instant: the receipt time. */
  at: Date;
}

/** What the verifier needs from outside: trust anchors, a revocation source, the agency binding. */
export interface VerificationDeps {
  trustStore: TrustStore;
  revocation: RevocationChecker;
  /** Certificate fingerprint → agency mapping and subject attributes to read; defaults apply when absent. */
  agencyBinding?: AgencyBinding;
}

/** Thrown inside the pipeline to stop at the first failed check; turned into a rejected verdict. */
export class SignatureRejection extends Error {
  constructor(
    readonly reason: SignatureRejectionReason,
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
  }
}
