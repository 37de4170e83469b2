import { AgencyCodePolicy, parseAgencyCode } from '@lt/edxml';
import { AgencyLevel, AgencyProfile, AgencyUpdatedV1, DeliveryMode, SignaturePolicy } from '@lt/contracts';
import { isIsoDate } from './calendar';
import { DirectoryRuleError, FieldProblem } from './directory-rule-error';
import { withoutUndefined } from './agency-change';

/** Field limits, from QCVN 102's From/To limits where it has one. */
export const AGENCY_LIMITS = {
  name: 200,
  shortName: 100,
  email: 100,
  telephone: 20,
  address: 250,
  website: 100,
  endpoint: 500,
  reason: 500,
} as const;

export const AGENCY_LEVELS: readonly AgencyLevel[] = ['central', 'province', 'district', 'commune'];
export const SIGNATURE_POLICIES: readonly SignaturePolicy[] = ['required', 'optional', 'off'];
const DELIVERY_MODES: readonly DeliveryMode[] = ['push', 'pull'];
/** The profile fields an update or an import may change (everything but the code and the date). */
export const CHANGEABLE_PROFILE_FIELDS = [
  'code20',
  'name',
  'shortName',
  'parentCode',
  'level',
  'groupLetter',
  'contact',
  'delivery',
  'signaturePolicy',
] as const;
const PROFILE_FIELDS = new Set<string>(['code', ...CHANGEABLE_PROFILE_FIELDS, 'validFrom']);

type Input = Record<string, unknown>;

/** Checks field by field and collects every problem, so an operator fixes a row in one go. */
class FieldChecker {
  readonly problems: FieldProblem[] = [];

  constructor(private readonly input: Input) {}

  text(field: string, max: number, required = false): string | undefined {
    const v = this.input[field];
    if (v === undefined || v === null || v === '') {
      if (required) this.problems.push({ field, message: 'is required' });
      return undefined;
    }
    if (typeof v !== 'string') return this.fail(field, 'must be a string');
    const trimmed = v.trim();
    if (trimmed.length === 0 && required) return this.fail(field, 'is required');
    if (trimmed.length > max) return this.fail(field, `must be at most ${max} characters`);
    return trimmed || undefined;
  }

  choice<T extends string>(field: string, values: readonly T[], required = false): T | undefined {
    const v = this.input[field];
    if (v === undefined || v === null || v === '') {
      if (required) this.problems.push({ field, message: `is required (${values.join(', ')})` });
      return undefined;
    }
    if (!values.includes(v as T)) return this.fail(field, `must be one of ${values.join(', ')}`);
    return v as T;
  }

  date(field: string, required = false): string | undefined {
    const v = this.input[field];
    if (v === undefined || v === null || v === '') {
      if (required) this.problems.push({ field, message: 'is required (yyyy-mm-dd)' });
      return undefined;
    }
    if (!isIsoDate(v)) return this.fail(field, 'must be a calendar date yyyy-mm-dd');
    return v;
  }

  fail(field: string, message: string): undefined {
    this.problems.push({ field, message });
    return undefined;
  }

  throwIfAny(what: string): void {
    if (this.problems.length > 0) {
      throw new DirectoryRuleError(
        'AGENCY_INVALID',
        `${what}: ${this.problems.map((p) => `${p.field} ${p.message}`).join('; ')}`,
        this.problems,
      );
    }
  }
}

/** Checks an agency code against the format policy; throws AGENCY_CODE_FORMAT. */
export function checkAgencyCode(code: unknown, policy: AgencyCodePolicy, field = 'code'): string {
  if (typeof code !== 'string' || !parseAgencyCode(code, policy)) {
    throw new DirectoryRuleError(
      'AGENCY_CODE_FORMAT',
      `${field} "${String(code)}" is not a ${policy === 'strict' ? 'QCVN 102 code (000.00.00.G22)' : 'valid code'}`,
      [{ field, message: 'format' }],
    );
  }
  return code;
}

function readContact(c: FieldChecker, input: Input): AgencyProfile['contact'] {
  const raw = input.contact;
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) return c.fail('contact', 'must be an object');
  const inner = new FieldChecker(raw as Input);
  const contact = withoutUndefined({
    email: inner.text('email', AGENCY_LIMITS.email),
    telephone: inner.text('telephone', AGENCY_LIMITS.telephone),
    address: inner.text('address', AGENCY_LIMITS.address),
    website: inner.text('website', AGENCY_LIMITS.website),
  });
  c.problems.push(...inner.problems.map((p) => ({ field: `contact.${p.field}`, message: p.message })));
  return Object.keys(contact).length ? contact : undefined;
}

function readDelivery(c: FieldChecker, input: Input): AgencyProfile['delivery'] | undefined {
  const raw = input.delivery;
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) return c.fail('delivery', 'must be an object');
  const inner = new FieldChecker(raw as Input);
  const mode = inner.choice('mode', DELIVERY_MODES, true);
  const endpoint = inner.text('endpoint', AGENCY_LIMITS.endpoint);
  if (mode === 'push') {
    if (!endpoint) inner.fail('endpoint', 'is required for push delivery');
    else if (!/^https?:\/\/[^\s]+$/.test(endpoint)) inner.fail('endpoint', 'must be an http(s) URL');
  }
  c.problems.push(...inner.problems.map((p) => ({ field: `delivery.${p.field}`, message: p.message })));
  if (!mode) return undefined;
  return mode === 'push' ? { mode, endpoint } : { mode };
}

function rejectUnknownFields(c: FieldChecker, input: Input, allowed: Set<string>): void {
  for (const key of Object.keys(input)) if (!allowed.has(key)) c.fail(key, 'is not a known field');
}

/**
 * Reads a full agency profile for registration. Defaults: pull delivery, `required` signature policy,
 * valid from `today`, group letter from a structured code.
 */
export function readAgencyProfile(
  input: unknown,
  policy: AgencyCodePolicy,
  today: string,
  extraFields: ReadonlySet<string> = new Set(),
): AgencyProfile {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new DirectoryRuleError('AGENCY_INVALID', 'an agency must be a JSON object');
  }
  const body = input as Input;
  const code = checkAgencyCode(body.code, policy);
  const c = new FieldChecker(body);
  rejectUnknownFields(c, body, new Set([...PROFILE_FIELDS, ...extraFields]));
  const code20 = c.text('code20', 64);
  const parsed = parseAgencyCode(code, policy);
  const profile: AgencyProfile = withoutUndefined({
    code,
    code20: code20 && code20 !== code ? code20 : undefined,
    name: c.text('name', AGENCY_LIMITS.name, true) ?? '',
    shortName: c.text('shortName', AGENCY_LIMITS.shortName),
    parentCode: c.text('parentCode', 64),
    level: c.choice('level', AGENCY_LEVELS, true) ?? 'central',
    groupLetter: c.text('groupLetter', 3) ?? (parsed?.structured ? parsed.group : undefined),
    contact: readContact(c, body),
    delivery: readDelivery(c, body) ?? { mode: 'pull' },
    signaturePolicy: c.choice('signaturePolicy', SIGNATURE_POLICIES) ?? 'required',
    validFrom: c.date('validFrom') ?? today,
  });
  if (profile.parentCode !== undefined && profile.parentCode === code) {
    c.fail('parentCode', 'cannot be the agency itself');
  }
  c.throwIfAny(`agency ${code}`);
  return profile;
}

/** Reads the changes of an update: any profile field except code and validFrom. */
export function readAgencyChanges(input: unknown): AgencyUpdatedV1['changes'] {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new DirectoryRuleError('AGENCY_INVALID', 'changes must be a JSON object');
  }
  const body = input as Input;
  const c = new FieldChecker(body);
  const allowed = new Set<string>(CHANGEABLE_PROFILE_FIELDS);
  rejectUnknownFields(c, body, allowed);
  const changes = withoutUndefined({
    code20: c.text('code20', 64),
    name: 'name' in body ? c.text('name', AGENCY_LIMITS.name, true) : undefined,
    shortName: c.text('shortName', AGENCY_LIMITS.shortName),
    parentCode: c.text('parentCode', 64),
    level: c.choice('level', AGENCY_LEVELS),
    groupLetter: c.text('groupLetter', 3),
    contact: readContact(c, body),
    delivery: readDelivery(c, body),
    signaturePolicy: c.choice('signaturePolicy', SIGNATURE_POLICIES),
  });
  c.throwIfAny('changes');
  if (Object.keys(changes).length === 0) {
    throw new DirectoryRuleError('AGENCY_INVALID', 'changes name no field to change');
  }
  return changes;
}

/** Reads an optional reason text within its limit. */
export function readReason(value: unknown, field = 'reason'): string | undefined {
  const c = new FieldChecker({ [field]: value });
  const reason = c.text(field, AGENCY_LIMITS.reason);
  c.throwIfAny(field);
  return reason;
}

/** Reads an optional (or required) ISO date. */
export function readDate(value: unknown, field: string, required = false): string | undefined {
  const c = new FieldChecker({ [field]: value });
  const date = c.date(field, required);
  c.throwIfAny(field);
  return date;
}
