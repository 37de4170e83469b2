import type { CertificateInfo } from '../certificates/certificate-info';

/** A revocation answer for one certificate. */
export interface RevocationAnswer {
  /** `unknown`: no current answer and no last-good answer young enough; never means revoked. */
  status: 'good' | 'revoked' | 'unknown';
  /** `crl`: a current CRL; `cache`: a last-good CRL past its nextUpdate, used because the source is down; `none`: the certificate names no source. */
  source: 'crl' | 'ocsp' | 'cache' | 'none';
  /** When the answer used was obtained from its source. */
  checkedAt?: Date;
  detail: string;
}

/** Answers "was this certificate revoked at `at`?" for a certificate and its issuer. */
export interface RevocationChecker {
  check(certificate: CertificateInfo, issuer: CertificateInfo, at: Date): Promise<RevocationAnswer>;
}
