import { AgencyView } from '@lt/contracts';
import { foldVietnamese } from './fold-vietnamese';
import { VersionStep } from './agency-change';

/** One stored version of an agency: valid from `from` (inclusive) until `until` (exclusive, null: open). */
export interface VersionRow {
  code: string;
  from: string;
  until: string | null;
  view: AgencyView;
}

/** What placing a step does to an agency's history: maybe close the latest version, then write one. */
export interface Placement {
  /** The latest version, now ending where the new one starts. */
  closed?: VersionRow;
  /** The version to write; replaces the latest one when it starts on the same day. */
  row: VersionRow;
  replacesLatest: boolean;
}

/**
 * Places a new version after the latest one. A step on (or, in a replay of older data, before) the
 * latest version's first day replaces that version's content instead of creating an empty interval.
 */
export function placeStep(latest: VersionRow | undefined, step: VersionStep): Placement {
  if (!latest)
    return { row: { code: step.code, from: step.from, until: null, view: step.view }, replacesLatest: false };
  if (step.from <= latest.from) {
    return { row: { ...latest, view: step.view }, replacesLatest: true };
  }
  return {
    closed: { ...latest, until: step.from },
    row: { code: step.code, from: step.from, until: null, view: step.view },
    replacesLatest: false,
  };
}

/** The text a search matches against: names and codes, folded (no diacritics, lower case). */
export function searchTextOf(view: AgencyView): string {
  return foldVietnamese([view.name, view.shortName, view.code, view.code20].filter(Boolean).join(' '));
}
