/**
 * Stable, machine-readable codes for everything the edXML reader can report. Agencies and services
 * match on these strings, so a code is never renamed or reused for another meaning.
 */
export const EDXML_PROBLEM_CODES = [
  'EDXML_NOT_WELL_FORMED',
  'EDXML_NOT_UTF8',
  'EDXML_DTD_FORBIDDEN',
  'EDXML_LIMIT_EXCEEDED',
  'EDXML_WRONG_NAMESPACE',
  'EDXML_MISSING_ENVELOPE',
  'EDXML_WRONG_PACKAGE_KIND',
  'EDXML_MISSING_FIELD',
  'EDXML_DUPLICATE_FIELD',
  'EDXML_FIELD_TOO_LONG',
  'EDXML_BAD_DATE',
  'EDXML_BAD_TIMESTAMP',
  'EDXML_BAD_AGENCY_CODE',
  'EDXML_BAD_ENUM_VALUE',
  'EDXML_BAD_STATUS_CODE',
  'EDXML_DUPLICATE_RECIPIENT',
  'EDXML_ATTACHMENT_MISMATCH',
  'EDXML_BAD_CONTENT_ID',
  'EDXML_BAD_ATTACHMENT',
  'EDXML_MISSING_TARGET_DOCUMENT',
  // Warnings for lenient normalisations: the package is accepted and the change is recorded.
  'EDXML_STRAY_BYTES_STRIPPED',
  'EDXML_DATE_NORMALISED',
  'EDXML_STATUS_CODE_NORMALISED',
  'EDXML_CONTENT_ID_NORMALISED',
  'EDXML_TARGET_FROM_RESPONSE_FOR',
] as const;

/** One of {@link EDXML_PROBLEM_CODES}. */
export type EdxmlProblemCode = (typeof EDXML_PROBLEM_CODES)[number];

const KNOWN = new Set<string>(EDXML_PROBLEM_CODES);

/** True when `code` is one of the stable codes (used by tests and by callers mapping to HTTP errors). */
export function isEdxmlProblemCode(code: string): code is EdxmlProblemCode {
  return KNOWN.has(code);
}
