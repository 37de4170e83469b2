import { DeliveryMode } from '../document-routed/document-routed.event';

export const AGENCY_REGISTERED = 'agency.registered' as const;

export type AgencyLevel = 'central' | 'province' | 'district' | 'commune';
export type SignaturePolicy = 'required' | 'optional' | 'off';

/** Everything the directory knows about an agency (QCVN 102 code is the identity). */
export interface AgencyProfile {
  /** QCVN 102 identifier code, e.g. 000.00.00.G22. */
  code: string;
  /** Decision 20/2020 code, when it differs. */
  code20?: string;
  name: string;
  shortName?: string;
  parentCode?: string;
  level: AgencyLevel;
  groupLetter?: string;
  contact?: { email?: string; telephone?: string; address?: string; website?: string };
  delivery: { mode: DeliveryMode; endpoint?: string };
  signaturePolicy: SignaturePolicy;
  /** ISO date (yyyy-mm-dd) from which the entry is valid. */
  validFrom: string;
}

/** An agency joined the directory. */
export interface AgencyRegisteredV1 {
  agency: AgencyProfile;
}
