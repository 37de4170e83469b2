import {
  AgencyMergedV1,
  AgencyRegisteredV1,
  AgencyReinstatedV1,
  AgencyRetiredV1,
  AgencySuspendedV1,
  AgencyUpdatedV1,
  AgencyView,
} from '@lt/contracts';
import { addDays } from './calendar';

/** One directory event's type and data: what commands produce and the projection consumes. */
export type AgencyChange =
  | { type: 'agency.registered'; data: AgencyRegisteredV1 }
  | { type: 'agency.updated'; data: AgencyUpdatedV1 }
  | { type: 'agency.suspended'; data: AgencySuspendedV1 }
  | { type: 'agency.reinstated'; data: AgencyReinstatedV1 }
  | { type: 'agency.retired'; data: AgencyRetiredV1 }
  | { type: 'agency.merged'; data: AgencyMergedV1 };

export type AgencyChangeType = AgencyChange['type'];

export const AGENCY_CHANGE_TYPES: readonly AgencyChangeType[] = [
  'agency.registered',
  'agency.updated',
  'agency.suspended',
  'agency.reinstated',
  'agency.retired',
  'agency.merged',
];

/**
 * The latest known version of an agency: what it looks like from `from` on (open-ended). Commands
 * check against it; a change may not take effect before it.
 */
export interface LatestAgency {
  view: AgencyView;
  from: string;
}

/** A new version of one agency, valid from `from` until the next version (or for ever). */
export interface VersionStep {
  code: string;
  from: string;
  view: AgencyView;
}

/** The codes a change touches (the aggregate ids). */
export function codesOf(change: AgencyChange): string[] {
  switch (change.type) {
    case 'agency.registered':
      return [change.data.agency.code];
    case 'agency.merged':
      return [...change.data.mergedCodes];
    default:
      return [change.data.code];
  }
}

/**
 * The versions a change opens. Pure, and total: a change about an agency the directory does not know
 * opens nothing (replay never fails on an event the write side accepted under an older rule).
 */
export function versionSteps(
  change: AgencyChange,
  latest: (code: string) => AgencyView | undefined,
): VersionStep[] {
  const step = (code: string, from: string, make: (v: AgencyView) => AgencyView): VersionStep[] => {
    const current = latest(code);
    return current ? [{ code, from, view: make(current) }] : [];
  };
  switch (change.type) {
    case 'agency.registered': {
      const agency = change.data.agency;
      return [{ code: agency.code, from: agency.validFrom, view: { ...agency, status: 'active' } }];
    }
    case 'agency.updated': {
      // The registration date and the identity never change through an update.
      const { validFrom: _ignored, ...changes } = change.data.changes as AgencyUpdatedV1['changes'];
      void _ignored;
      return step(change.data.code, change.data.effectiveFrom, (v) => ({
        ...v,
        ...changes,
        code: v.code,
        validFrom: v.validFrom,
      }));
    }
    case 'agency.suspended':
      return step(change.data.code, change.data.effectiveFrom, (v) => ({ ...v, status: 'suspended' }));
    case 'agency.reinstated':
      return step(change.data.code, change.data.effectiveFrom, (v) => ({ ...v, status: 'active' }));
    case 'agency.retired':
      return step(change.data.code, addDays(change.data.validTo, 1), (v) =>
        withoutUndefined({
          ...v,
          status: 'retired',
          validTo: change.data.validTo,
          successorCode: change.data.successorCode,
        }),
      );
    case 'agency.merged':
      return change.data.mergedCodes.flatMap((code) =>
        step(code, change.data.effectiveFrom, (v) => ({
          ...v,
          status: 'retired',
          validTo: addDays(change.data.effectiveFrom, -1),
          successorCode: change.data.intoCode,
        })),
      );
  }
}

/** Drops undefined properties, so views compare and serialise the same after a replay. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Applies a change to an in-memory map of latest versions (the import planner's working copy, and
 * the unit tests' model of the projection). A step dated before the latest version is clamped to it,
 * as the projection does.
 */
export function applyToLatest(latest: Map<string, LatestAgency>, change: AgencyChange): void {
  for (const s of versionSteps(change, (code) => latest.get(code)?.view)) {
    const previous = latest.get(s.code);
    const from = previous && s.from < previous.from ? previous.from : s.from;
    latest.set(s.code, { view: s.view, from });
  }
}
