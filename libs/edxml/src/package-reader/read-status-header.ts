import { readStatusCode, StatusCode } from '../enums/status-code';
import type { StatusHeader } from '../model/status-package';
import type { XmlElement } from '../xml-reader/xml-element';
import { definedOnly } from './assign-defined';
import { FIELD_MAX } from './field-limits';
import type { FieldReader } from './field-reader';
import { readOrganization, readStaffInfo } from './read-common';

const ALLOWED = Object.values(StatusCode).join(', ');

/** Reads the MessageHeader of a status package. */
export function readStatusHeader(f: FieldReader, mh: XmlElement): StatusHeader {
  const fromEl = f.child(mh, 'From');
  if (!fromEl) f.missing(mh, 'From');
  const responseEl = f.child(mh, 'ResponseFor');
  if (!responseEl) f.missing(mh, 'ResponseFor');
  const responseFor = responseEl
    ? definedOnly({
        organId: f.agencyCode(responseEl, 'OrganId', true) ?? '',
        code: f.text(responseEl, 'Code'),
        promulgationDate: f.date(responseEl, 'PromulgationDate'),
        documentId: f.text(responseEl, 'DocumentId', { required: true }) ?? '',
      })
    : { organId: '', documentId: '' };
  const status = readStatus(f, mh);
  return definedOnly<StatusHeader>({
    from: fromEl ? readOrganization(f, fromEl) : { organId: '' },
    responseFor,
    staffInfo: readStaffInfo(f, mh),
    statusCode: status?.code ?? StatusCode.Arrived,
    statusCodeNormalisedFrom: status?.normalisedFrom,
    description: f.text(mh, 'Description', { max: FIELD_MAX.content }),
    timestamp: f.timestamp(mh, 'Timestamp', true) ?? '',
  });
}

function readStatus(f: FieldReader, mh: XmlElement) {
  const found = f.field(mh, 'StatusCode', true);
  if (!found) return undefined;
  const { el, raw } = found;
  const reading = readStatusCode(raw);
  if (!reading) {
    f.problems.error('EDXML_BAD_STATUS_CODE', f.at(el), { value: raw, expected: ALLOWED });
    return undefined;
  }
  if (reading.normalisedFrom !== undefined) {
    // 14 is a known SDK slip for 15: accepted at every level, always recorded.
    f.problems.warning('EDXML_STATUS_CODE_NORMALISED', f.at(el), { value: raw, expected: reading.code });
  }
  return reading;
}
