import { AgencyLevel, AgencyProfile } from '../events/agency-registered/agency-registered.event';

/** Query names answered by routing over NATS request-reply (`@MessagePattern`). */
export const AGENCIES_LOOKUP = 'agencies.lookup' as const;
export const AGENCIES_SEARCH = 'agencies.search' as const;

export type AgencyStatus = 'active' | 'suspended' | 'retired';

/** An agency as the directory shows it at a date. */
export interface AgencyView extends AgencyProfile {
  status: AgencyStatus;
  validTo?: string;
  successorCode?: string;
}

export interface AgenciesLookupRequest {
  code: string;
  /** ISO date; default today. */
  asOf?: string;
}
export type AgenciesLookupReply = AgencyView | null;

export interface AgenciesSearchRequest {
  /** Words of the name, with or without Vietnamese diacritics. */
  q?: string;
  level?: AgencyLevel;
  parent?: string;
  status?: AgencyStatus;
  limit?: number;
  cursor?: string;
}
export interface AgenciesSearchReply {
  items: AgencyView[];
  nextCursor?: string;
}
