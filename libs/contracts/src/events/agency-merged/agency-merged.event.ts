export const AGENCY_MERGED = 'agency.merged' as const;

/** Several agencies became one (e.g. the 2025 province mergers). */
export interface AgencyMergedV1 {
  mergedCodes: string[];
  intoCode: string;
  effectiveFrom: string;
}
