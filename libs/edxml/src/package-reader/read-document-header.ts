import { Priority } from '../enums/priority';
import { SteeringType } from '../enums/steering-type';
import type { Organization, ResponseFor } from '../model/common';
import type { DocumentCode, DocumentHeader, OtherInfo, PromulgationInfo } from '../model/document-package';
import type { XmlElement } from '../xml-reader/xml-element';
import { definedOnly, undefinedIfEmpty } from './assign-defined';
import { FIELD_MAX } from './field-limits';
import type { FieldReader } from './field-reader';
import { readOrganization, readResponseFor } from './read-common';

const PRIORITIES = [
  Priority.Normal,
  Priority.Urgent,
  Priority.VeryUrgent,
  Priority.Flash,
  Priority.FlashTimed,
];
const STEERING_TYPES = [
  SteeringType.Unspecified,
  SteeringType.NotSteering,
  SteeringType.Steering,
  SteeringType.SteeringReport,
];

/** Reads the MessageHeader of a document package, in any element order. */
export function readDocumentHeader(f: FieldReader, mh: XmlElement): DocumentHeader {
  const fromEl = f.child(mh, 'From');
  if (!fromEl) f.missing(mh, 'From');
  const otherInfoEl = f.child(mh, 'OtherInfo');
  const documentTypeEl = f.child(mh, 'DocumentType');
  const signerEl = f.child(mh, 'SignerInfo');
  const toPlacesEl = f.child(mh, 'ToPlaces');
  return definedOnly<DocumentHeader>({
    from: fromEl ? readOrganization(f, fromEl) : { organId: '' },
    to: readRecipients(f, mh),
    documentId: f.text(mh, 'DocumentId', { required: true }) ?? '',
    code: readCode(f, mh),
    promulgationInfo: readPromulgationInfo(f, mh),
    documentType:
      documentTypeEl &&
      undefinedIfEmpty(
        definedOnly({
          type: f.text(documentTypeEl, 'Type'),
          typeDetail: f.text(documentTypeEl, 'TypeDetail'),
          typeName: f.text(documentTypeEl, 'TypeName', { max: FIELD_MAX.typeName }),
        }),
      ),
    subject: f.text(mh, 'Subject', { required: true, max: FIELD_MAX.subject }) ?? '',
    content: f.text(mh, 'Content', { max: FIELD_MAX.content }),
    signerInfo:
      signerEl &&
      undefinedIfEmpty(
        definedOnly({
          competence: f.text(signerEl, 'Competence', { max: FIELD_MAX.competence }),
          position: f.text(signerEl, 'Position', { max: FIELD_MAX.position }),
          fullName: f.text(signerEl, 'FullName', { max: FIELD_MAX.fullName }),
        }),
      ),
    dueDate: f.date(mh, 'DueDate'),
    toPlaces: toPlacesEl
      ? f
          .children(toPlacesEl, 'Place')
          .map((p) => f.value(p, FIELD_MAX.toPlace))
          .filter((p): p is string => p !== undefined)
      : [],
    priority: otherInfoEl && f.enumValue(otherInfoEl, 'Priority', PRIORITIES),
    otherInfo: otherInfoEl && readOtherInfo(f, otherInfoEl),
    responseFor: f
      .children(mh, 'ResponseFor')
      .map((el) => readResponseFor(f, el))
      .filter((r): r is ResponseFor => r !== undefined),
    steeringType: f.enumValue(mh, 'SteeringType', STEERING_TYPES),
  });
}

function readRecipients(f: FieldReader, mh: XmlElement): Organization[] {
  const elements = f.children(mh, 'To');
  if (elements.length === 0) f.missing(mh, 'To');
  const seen = new Set<string>();
  const recipients: Organization[] = [];
  for (const el of elements) {
    const org = readOrganization(f, el);
    if (org.organId && seen.has(org.organId)) {
      f.problems.error('EDXML_DUPLICATE_RECIPIENT', f.at(el), { value: org.organId });
      continue;
    }
    seen.add(org.organId);
    recipients.push(org);
  }
  return recipients;
}

function readCode(f: FieldReader, mh: XmlElement): DocumentCode {
  const el = f.child(mh, 'Code');
  if (!el) {
    f.missing(mh, 'Code');
    return { codeNumber: '', codeNotation: '' };
  }
  return {
    codeNumber: f.text(el, 'CodeNumber', { required: true, max: FIELD_MAX.codeNumber }) ?? '',
    codeNotation: f.text(el, 'CodeNotation', { required: true, max: FIELD_MAX.codeNotation }) ?? '',
  };
}

function readPromulgationInfo(f: FieldReader, mh: XmlElement): PromulgationInfo {
  const el = f.child(mh, 'PromulgationInfo');
  if (!el) {
    f.missing(mh, 'PromulgationInfo');
    return { promulgationDate: '' };
  }
  return definedOnly({
    place: f.text(el, 'Place', { max: FIELD_MAX.place }),
    promulgationDate: f.date(el, 'PromulgationDate', true) ?? '',
  });
}

function readOtherInfo(f: FieldReader, el: XmlElement): OtherInfo | undefined {
  const appendixesEl = f.child(el, 'Appendixes');
  const appendixes = appendixesEl
    ? f
        .children(appendixesEl, 'Appendix')
        .map((a) => f.value(a))
        .filter((a): a is string => a !== undefined)
    : [];
  return undefinedIfEmpty(
    definedOnly({
      sphereOfPromulgation: f.text(el, 'SphereOfPromulgation'),
      typerNotation: f.text(el, 'TyperNotation'),
      promulgationAmount: f.text(el, 'PromulgationAmount'),
      pageAmount: f.text(el, 'PageAmount'),
      direction: f.text(el, 'Direction'),
      appendixes: appendixes.length > 0 ? appendixes : undefined,
    }),
  );
}
