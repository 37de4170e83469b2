import { parentAgencyCode } from '@lt/edxml';
import { AgencyProfile, AgencyUpdatedV1 } from '@lt/contracts';
import { AgencyChange, LatestAgency } from './agency-change';
import { DirectoryRuleError } from './directory-rule-error';

/**
 * The directory's rules, as pure functions from the latest versions of the agencies concerned to the
 * change a command makes. The operator API and the bulk import both go through them, so a rule holds
 * the same whichever way a change arrives.
 */
export type LatestLookup = (code: string) => LatestAgency | undefined;

function existing(latest: LatestLookup, code: string): LatestAgency {
  const found = latest(code);
  if (!found) throw new DirectoryRuleError('AGENCY_UNKNOWN', `agency ${code} is not registered`);
  return found;
}

function notBefore(current: LatestAgency, effectiveFrom: string): void {
  if (effectiveFrom < current.from) {
    throw new DirectoryRuleError(
      'EFFECTIVE_DATE_TOO_EARLY',
      `${current.view.code}: ${effectiveFrom} is before its latest version (from ${current.from})`,
    );
  }
}

function notRetired(current: LatestAgency): void {
  if (current.view.status === 'retired') {
    throw new DirectoryRuleError('AGENCY_RETIRED', `agency ${current.view.code} is retired`);
  }
}

function checkParent(latest: LatestLookup, parentCode: string | undefined): void {
  if (parentCode === undefined) return;
  const parent = latest(parentCode);
  if (!parent || parent.view.status === 'retired') {
    throw new DirectoryRuleError('PARENT_UNKNOWN', `parent ${parentCode} is not a registered agency`, [
      { field: 'parentCode', message: 'not registered' },
    ]);
  }
}

/**
 * Registers a new agency. Without an explicit parent, a structured code's parent (its lowest level
 * zeroed) becomes the parent when that agency is registered.
 */
export function planRegistration(latest: LatestLookup, profile: AgencyProfile): AgencyChange {
  if (latest(profile.code)) {
    throw new DirectoryRuleError('AGENCY_EXISTS', `agency ${profile.code} is already registered`);
  }
  let agency = profile;
  if (agency.parentCode === undefined) {
    const derived = parentAgencyCode(agency.code);
    if (derived && latest(derived)) agency = { ...agency, parentCode: derived };
  }
  checkParent(latest, agency.parentCode);
  return { type: 'agency.registered', data: { agency } };
}

/** Changes some details of an agency from `effectiveFrom` on. */
export function planUpdate(
  latest: LatestLookup,
  code: string,
  changes: AgencyUpdatedV1['changes'],
  effectiveFrom: string,
): AgencyChange {
  const current = existing(latest, code);
  notRetired(current);
  notBefore(current, effectiveFrom);
  if (changes.parentCode === code) {
    throw new DirectoryRuleError('AGENCY_INVALID', 'an agency cannot be its own parent');
  }
  checkParent(latest, changes.parentCode);
  return { type: 'agency.updated', data: { code, changes, effectiveFrom } };
}

export function planSuspension(
  latest: LatestLookup,
  code: string,
  reason: string,
  effectiveFrom: string,
): AgencyChange {
  const current = existing(latest, code);
  notRetired(current);
  if (current.view.status !== 'active') {
    throw new DirectoryRuleError('AGENCY_NOT_ACTIVE', `agency ${code} is ${current.view.status}`);
  }
  notBefore(current, effectiveFrom);
  return { type: 'agency.suspended', data: { code, reason, effectiveFrom } };
}

export function planReinstatement(latest: LatestLookup, code: string, effectiveFrom: string): AgencyChange {
  const current = existing(latest, code);
  notRetired(current);
  if (current.view.status !== 'suspended') {
    throw new DirectoryRuleError('AGENCY_NOT_SUSPENDED', `agency ${code} is ${current.view.status}`);
  }
  notBefore(current, effectiveFrom);
  return { type: 'agency.reinstated', data: { code, effectiveFrom } };
}

function checkSuccessor(latest: LatestLookup, code: string, successorCode: string | undefined): void {
  if (successorCode === undefined) return;
  const successor = latest(successorCode);
  if (successorCode === code || !successor || successor.view.status === 'retired') {
    throw new DirectoryRuleError(
      'SUCCESSOR_UNKNOWN',
      `successor ${successorCode} of ${code} is not a registered agency in use`,
      [{ field: 'successorCode', message: 'not registered' }],
    );
  }
}

/** Retires a code; `validTo` is its last valid day. Documents to it then go to the successor, if any. */
export function planRetirement(
  latest: LatestLookup,
  code: string,
  validTo: string,
  successorCode?: string,
  reason?: string,
): AgencyChange {
  const current = existing(latest, code);
  notRetired(current);
  // The retired version starts the day after validTo.
  if (validTo < current.from) notBefore(current, validTo);
  checkSuccessor(latest, code, successorCode);
  const data = { code, validTo, ...(successorCode ? { successorCode } : {}), ...(reason ? { reason } : {}) };
  return { type: 'agency.retired', data };
}

/** Merges several agencies into one (from `effectiveFrom`, the merged codes' successor is `intoCode`). */
export function planMerger(
  latest: LatestLookup,
  mergedCodes: string[],
  intoCode: string,
  effectiveFrom: string,
): AgencyChange {
  const unique = [...new Set(mergedCodes)];
  if (unique.length === 0) throw new DirectoryRuleError('AGENCY_INVALID', 'mergedCodes is empty');
  for (const code of unique) {
    const current = existing(latest, code);
    notRetired(current);
    notBefore(current, effectiveFrom);
    checkSuccessor(latest, code, intoCode);
  }
  return { type: 'agency.merged', data: { mergedCodes: unique, intoCode, effectiveFrom } };
}
