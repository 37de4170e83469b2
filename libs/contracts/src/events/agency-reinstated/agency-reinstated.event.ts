export const AGENCY_REINSTATED = 'agency.reinstated' as const;

export interface AgencyReinstatedV1 {
  code: string;
  effectiveFrom: string;
}
