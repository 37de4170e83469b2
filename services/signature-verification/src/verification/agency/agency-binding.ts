import { CertificateInfo, subjectAttribute } from '../certificates/certificate-info';

/** How a certificate is tied to an agency code. */
export interface AgencyBinding {
  /** SHA-256 fingerprint (hex, any case, colons allowed) → agency code; consulted first. */
  fingerprintToAgency?: Readonly<Record<string, string>>;
  /** Subject attributes holding the agency code, in order; default `OU` then `serialNumber` (2.5.4.5). */
  subjectAttributes?: readonly string[];
}

const DEFAULT_ATTRIBUTES = ['OU', '2.5.4.5'];

/**
 * The agency codes a certificate is bound to: the configured mapping for its fingerprint if any,
 * else the values of the configured subject attributes. A value may carry a type prefix
 * (`MDDT:000.00.00.G22`); the part after the last colon is the code.
 */
export function agencyCodesOf(cert: CertificateInfo, binding: AgencyBinding = {}): string[] {
  const mapping = binding.fingerprintToAgency;
  if (mapping) {
    for (const [fingerprint, code] of Object.entries(mapping)) {
      if (fingerprint.replace(/:/g, '').toLowerCase() === cert.sha256Fingerprint) return [code];
    }
  }
  return (binding.subjectAttributes ?? DEFAULT_ATTRIBUTES)
    .flatMap((attribute) => subjectAttribute(cert, attribute))
    .map((value) => value.slice(value.lastIndexOf(':') + 1).trim())
    .filter((value) => value.length > 0);
}
