import type { Organization, ResponseFor, StaffInfo, TraceHeader } from '../model/common';
import type { XmlElement } from '../xml-reader/xml-element';
import { definedOnly, undefinedIfEmpty } from './assign-defined';
import { FIELD_MAX } from './field-limits';
import type { FieldReader } from './field-reader';

/** Reads From / To: OrganId is required (and checked as an agency code), OrganName is expected. */
export function readOrganization(f: FieldReader, el: XmlElement): Organization {
  const organId = f.agencyCode(el, 'OrganId', true) ?? '';
  const organName = f.text(el, 'OrganName', { max: FIELD_MAX.organName });
  if (organName === undefined) {
    f.problems.byLevel(
      'EDXML_MISSING_FIELD',
      { path: `${f.at(el).path}/OrganName`, line: el.line },
      { field: 'OrganName' },
    );
  }
  return definedOnly({
    organId,
    organizationInCharge: f.text(el, 'OrganizationInCharge', { max: FIELD_MAX.organName }),
    organName,
    organAdd: f.text(el, 'OrganAdd', { max: FIELD_MAX.organAdd }),
    email: f.text(el, 'Email', { max: FIELD_MAX.email }),
    telephone: f.text(el, 'Telephone', { max: FIELD_MAX.phone }),
    fax: f.text(el, 'Fax', { max: FIELD_MAX.phone }),
    website: f.text(el, 'Website', { max: FIELD_MAX.website }),
  });
}

/** Reads StaffInfo; undefined when every field is empty. */
export function readStaffInfo(f: FieldReader, parent: XmlElement): StaffInfo | undefined {
  const el = f.child(parent, 'StaffInfo');
  if (!el) return undefined;
  return undefinedIfEmpty(
    definedOnly({
      department: f.text(el, 'Department', { max: FIELD_MAX.organName }),
      staff: f.text(el, 'Staff', { max: FIELD_MAX.organName }),
      mobile: f.text(el, 'Mobile', { max: FIELD_MAX.phone }),
      email: f.text(el, 'Email', { max: FIELD_MAX.email }),
    }),
  );
}

/** Reads one ResponseFor; undefined when every field is empty. */
export function readResponseFor(f: FieldReader, el: XmlElement): ResponseFor | undefined {
  return undefinedIfEmpty(
    definedOnly({
      organId: f.text(el, 'OrganId'),
      code: f.text(el, 'Code'),
      promulgationDate: f.date(el, 'PromulgationDate'),
      documentId: f.text(el, 'DocumentId'),
    }),
  );
}

/** Reads TraceHeaderList/TraceHeader*. */
export function readTraces(f: FieldReader, list: XmlElement | undefined): TraceHeader[] {
  if (!list) return [];
  return f.children(list, 'TraceHeader').map((el) => ({
    organId: f.text(el, 'OrganId', { required: true }) ?? '',
    timestamp: f.timestamp(el, 'Timestamp', true) ?? '',
  }));
}
