export const AGENCY_SUSPENDED = 'agency.suspended' as const;

/** The agency may not send or receive until reinstated. */
export interface AgencySuspendedV1 {
  code: string;
  reason: string;
  effectiveFrom: string;
}
