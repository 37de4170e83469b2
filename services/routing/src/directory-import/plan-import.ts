import { AgencyCodePolicy } from '@lt/edxml';
import { AgencyProfile, AgencyStatus } from '@lt/contracts';
import { AgencyChange, applyToLatest, codesOf, LatestAgency } from '../directory/agency-change';
import { addDays } from '../directory/calendar';
import { DirectoryRuleError, FieldProblem } from '../directory/directory-rule-error';
import {
  planMerger,
  planRegistration,
  planReinstatement,
  planRetirement,
  planSuspension,
  planUpdate,
} from '../directory/plan-agency-changes';
import {
  CHANGEABLE_PROFILE_FIELDS,
  readAgencyProfile,
  readDate,
  readReason,
} from '../directory/validate-agency';
import { IMPORT_STATUS_FIELDS, ImportRow } from './import-rows';

/** A row the import refuses, with the rule and the fields at fault. */
export interface ImportRowError {
  /** 1-based position of the row in the import. */
  row: number;
  code?: string;
  error: string;
  message: string;
  fields?: FieldProblem[];
}

/** What an import would do (dry run) or did. */
export interface ImportPlan {
  rows: number;
  unchanged: number;
  /** Changes in the order they are applied, as the events they become. */
  changes: AgencyChange[];
  errors: ImportRowError[];
}

interface DesiredAgency {
  row: number;
  profile: AgencyProfile;
  /** Fields the row names: an import sets what it names and never erases what it omits. */
  named: Set<string>;
  status: AgencyStatus;
  validTo?: string;
  successorCode?: string;
  reason?: string;
  effectiveFrom?: string;
}

const COMPARED_FIELDS = CHANGEABLE_PROFILE_FIELDS;

/**
 * Plans an import of the national list against the directory's latest versions: registrations
 * (parents first), updates of the fields that differ, suspensions and reinstatements, then
 * retirements, where two or more codes retiring into the same successor on the same day become one
 * `agency.merged`. Pure; importing the same list twice plans no change the second time. Codes the
 * list does not mention are left alone.
 */
export function planImport(
  rows: ImportRow[],
  current: ReadonlyMap<string, LatestAgency>,
  policy: AgencyCodePolicy,
  today: string,
): ImportPlan {
  const errors: ImportRowError[] = [];
  const desired = readRows(rows, policy, today, errors);
  const working = new Map(current);
  const lookup = (code: string) => working.get(code);
  const changes: AgencyChange[] = [];
  let unchanged = 0;
  const attempt = (d: DesiredAgency, plan: () => AgencyChange | undefined) => {
    try {
      const change = plan();
      if (change) {
        applyToLatest(working, change);
        changes.push(change);
      }
      return true;
    } catch (error) {
      if (!(error instanceof DirectoryRuleError)) throw error;
      errors.push({
        row: d.row,
        code: d.profile.code,
        error: error.code,
        message: error.detail,
        fields: error.fields,
      });
      return false;
    }
  };

  for (const d of parentsFirst(desired.filter((x) => !current.has(x.profile.code)))) {
    if (attempt(d, () => planRegistration(lookup, d.profile)) && d.status === 'suspended') {
      attempt(d, () => planSuspension(lookup, d.profile.code, d.reason ?? 'import', d.profile.validFrom));
    }
  }
  for (const d of desired.filter((x) => current.has(x.profile.code))) {
    const before = changes.length;
    const latest = working.get(d.profile.code)!;
    const effectiveFrom = d.effectiveFrom ?? (today > latest.from ? today : latest.from);
    const diff = profileChanges(latest.view as unknown as Record<string, unknown>, d);
    if (latest.view.status === 'retired') {
      if (d.status !== 'retired' || Object.keys(diff).length) {
        attempt(d, () => {
          throw new DirectoryRuleError(
            'AGENCY_RETIRED',
            `agency ${d.profile.code} is retired and cannot change`,
          );
        });
      } else unchanged++;
      continue;
    }
    if (Object.keys(diff).length) attempt(d, () => planUpdate(lookup, d.profile.code, diff, effectiveFrom));
    if (d.status === 'suspended' && latest.view.status === 'active') {
      attempt(d, () => planSuspension(lookup, d.profile.code, d.reason ?? 'import', effectiveFrom));
    } else if (d.status === 'active' && latest.view.status === 'suspended') {
      attempt(d, () => planReinstatement(lookup, d.profile.code, effectiveFrom));
    }
    if (changes.length === before && d.status !== 'retired') unchanged++;
  }
  planRetirements(desired, working, changes, attempt);
  return { rows: rows.length, unchanged, changes, errors };
}

function readRows(rows: ImportRow[], policy: AgencyCodePolicy, today: string, errors: ImportRowError[]) {
  const desired: DesiredAgency[] = [];
  const seen = new Map<string, number>();
  rows.forEach((raw, i) => {
    const row = i + 1;
    try {
      const profile = readAgencyProfile(raw, policy, today, IMPORT_STATUS_FIELDS);
      const status = (raw.status ?? 'active') as AgencyStatus;
      if (!['active', 'suspended', 'retired'].includes(status)) {
        throw new DirectoryRuleError('AGENCY_INVALID', 'status must be active, suspended or retired', [
          { field: 'status', message: 'unknown status' },
        ]);
      }
      const validTo = readDate(raw.validTo, 'validTo', status === 'retired');
      const successorCode = typeof raw.successorCode === 'string' ? raw.successorCode : undefined;
      const first = seen.get(profile.code);
      if (first) {
        throw new DirectoryRuleError(
          'AGENCY_INVALID',
          `code ${profile.code} already appears on row ${first}`,
        );
      }
      seen.set(profile.code, row);
      desired.push({
        row,
        profile,
        named: new Set(Object.keys(raw)),
        status,
        validTo,
        successorCode,
        reason: readReason(raw.reason),
        effectiveFrom: readDate(raw.effectiveFrom, 'effectiveFrom'),
      });
    } catch (error) {
      if (!(error instanceof DirectoryRuleError)) throw error;
      const code = typeof raw.code === 'string' ? raw.code : undefined;
      errors.push({ row, code, error: error.code, message: error.detail, fields: error.fields });
    }
  });
  return desired;
}

/** New agencies ordered so a parent registered by the same import comes before its children. */
function parentsFirst(agencies: DesiredAgency[]): DesiredAgency[] {
  const pending = new Map(agencies.map((a) => [a.profile.code, a]));
  const ordered: DesiredAgency[] = [];
  const visit = (a: DesiredAgency, path: Set<string>) => {
    if (!pending.has(a.profile.code) || path.has(a.profile.code)) return;
    path.add(a.profile.code);
    const parent = a.profile.parentCode && pending.get(a.profile.parentCode);
    if (parent) visit(parent, path);
    pending.delete(a.profile.code);
    ordered.push(a);
  };
  for (const a of agencies) visit(a, new Set());
  return ordered;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(v: unknown): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  return Object.fromEntries(
    Object.entries(v as Record<string, unknown>)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, x]) => [k, sortKeys(x)]),
  );
}

function profileChanges(view: Record<string, unknown>, d: DesiredAgency): Record<string, unknown> {
  const profile = d.profile as unknown as Record<string, unknown>;
  const diff: Record<string, unknown> = {};
  for (const field of COMPARED_FIELDS) {
    // Defaults (pull delivery, required policy, group letter) count only when the row names the field.
    if (!d.named.has(field) || profile[field] === undefined) continue;
    if (!same(view[field], profile[field])) diff[field] = profile[field];
  }
  return diff;
}

function planRetirements(
  desired: DesiredAgency[],
  working: Map<string, LatestAgency>,
  changes: AgencyChange[],
  attempt: (d: DesiredAgency, plan: () => AgencyChange | undefined) => boolean,
) {
  const lookup = (code: string) => working.get(code);
  const retiring = desired.filter((d) => {
    if (d.status !== 'retired') return false;
    // Already retired (counted unchanged above) or refused at registration: nothing to retire.
    const now = working.get(d.profile.code);
    return now !== undefined && now.view.status !== 'retired';
  });
  // Same successor, same last day: one merger event.
  const groups = new Map<string, DesiredAgency[]>();
  for (const d of retiring) {
    const key = d.successorCode ? `${d.successorCode}|${d.validTo}` : `single|${d.profile.code}`;
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  const retiringCodes = new Set(retiring.map((d) => d.profile.code));
  // Retire successors-that-are-themselves-retiring last, so every successor is in use when named.
  const ordered = [...groups.values()].sort(
    (a, b) =>
      Number(retiringCodes.has(a[0].successorCode ?? '')) -
      Number(retiringCodes.has(b[0].successorCode ?? '')),
  );
  for (const group of ordered) {
    const [first] = group;
    if (group.length > 1 && first.successorCode && first.validTo) {
      const codes = group.map((d) => d.profile.code);
      const before = changes.length;
      attempt(first, () => planMerger(lookup, codes, first.successorCode!, addDays(first.validTo!, 1)));
      if (changes.length === before) continue;
    } else {
      attempt(first, () =>
        planRetirement(lookup, first.profile.code, first.validTo!, first.successorCode, first.reason),
      );
    }
  }
}

/** The codes an import plan touches, for the report. */
export function summarise(plan: ImportPlan) {
  const counts: Record<string, number> = {};
  for (const c of plan.changes) counts[c.type] = (counts[c.type] ?? 0) + 1;
  return {
    rows: plan.rows,
    unchanged: plan.unchanged,
    counts,
    changes: plan.changes.map((c) => ({ type: c.type, codes: codesOf(c), data: c.data })),
    errors: plan.errors,
  };
}
