import type { CertificateInfo } from '../certificates/certificate-info';
import type { TrustStore } from '../certificates/trust-store';

/** A certificate operators must renew or replace soon. */
export interface ExpiringCertificate {
  role: 'trust-anchor' | 'intermediate' | 'agency';
  subject: string;
  sha256Fingerprint: string;
  notAfter: Date;
  /** Negative when already expired. */
  daysLeft: number;
  agencyCode?: string;
}

/** A known agency certificate, e.g. from the fingerprint → agency configuration or recent verdicts. */
export interface KnownAgencyCertificate {
  certificate: CertificateInfo;
  agencyCode: string;
}

/**
 * Lists trust anchors, configured intermediates and known agency certificates that expire within
 * `withinDays` of `now` (or have expired), soonest first, for the expiry alert metric and log.
 */
export function findExpiringCertificates(
  sources: { trustStore: TrustStore; agencyCertificates?: readonly KnownAgencyCertificate[] },
  withinDays: number,
  now: Date = new Date(),
): ExpiringCertificate[] {
  const DAY = 86_400_000;
  const limit = now.getTime() + withinDays * DAY;
  const entries: Array<
    Omit<ExpiringCertificate, 'daysLeft' | 'subject' | 'sha256Fingerprint' | 'notAfter'> & {
      cert: CertificateInfo;
    }
  > = [
    ...sources.trustStore.anchors().map((cert) => ({ cert, role: 'trust-anchor' as const })),
    ...sources.trustStore.intermediates().map((cert) => ({ cert, role: 'intermediate' as const })),
    ...(sources.agencyCertificates ?? []).map((known) => ({
      cert: known.certificate,
      role: 'agency' as const,
      agencyCode: known.agencyCode,
    })),
  ];
  return entries
    .filter(({ cert }) => cert.notAfter.getTime() <= limit)
    .map(({ cert, ...rest }) => ({
      ...rest,
      subject: cert.subject,
      sha256Fingerprint: cert.sha256Fingerprint,
      notAfter: cert.notAfter,
      daysLeft: Math.floor((cert.notAfter.getTime() - now.getTime()) / DAY),
    }))
    .sort((a, b) => a.notAfter.getTime() - b.notAfter.getTime());
}
