import { AgencyProfile } from '../agency-registered/agency-registered.event';

export const AGENCY_UPDATED = 'agency.updated' as const;

/** Some of an agency's details changed (name, parent, contact, delivery, policy). */
export interface AgencyUpdatedV1 {
  code: string;
  changes: Partial<Omit<AgencyProfile, 'code'>>;
  effectiveFrom: string;
}
