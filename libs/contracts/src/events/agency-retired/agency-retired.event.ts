export const AGENCY_RETIRED = 'agency.retired' as const;

/** The code is no longer in use; documents addressed to it go to the successor, if any. */
export interface AgencyRetiredV1 {
  code: string;
  successorCode?: string;
  reason?: string;
  /** Last day (ISO date) the code was valid. */
  validTo: string;
}
