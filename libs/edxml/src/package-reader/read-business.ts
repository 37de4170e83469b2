import { BussinessDocType, ReceiverType } from '../enums/bussiness-doc-type';
import type { ResponseFor } from '../model/common';
import type { Business, ReplacementInfo } from '../model/document-package';
import type { XmlElement } from '../xml-reader/xml-element';
import { definedOnly } from './assign-defined';
import type { FieldReader } from './field-reader';
import { readStaffInfo } from './read-common';

const DOC_TYPES = [
  BussinessDocType.New,
  BussinessDocType.Revocation,
  BussinessDocType.Update,
  BussinessDocType.Replacement,
];
const RECEIVER_TYPES = [ReceiverType.Removed, ReceiverType.Added];

/**
 * Reads TraceHeaderList/Bussiness (before or after TraceHeader: order does not matter) and checks
 * that revocations, updates and replacements name the document they act on.
 */
export function readBusiness(
  f: FieldReader,
  list: XmlElement | undefined,
  responseFor: ResponseFor[],
): Business | undefined {
  const el = list && f.child(list, 'Bussiness');
  if (!el) return undefined;
  const infoEl = f.child(el, 'BussinessDocumentInfo');
  const receiverListEl = infoEl && f.child(infoEl, 'ReceiverList');
  const replacementListEl = f.child(el, 'ReplacementInfoList');
  const business = definedOnly<Business>({
    bussinessDocType: f.enumValue(el, 'BussinessDocType', DOC_TYPES, true) ?? BussinessDocType.New,
    documentId: f.text(el, 'DocumentId'),
    bussinessDocReason: f.text(el, 'BussinessDocReason'),
    paper: f.text(el, 'Paper'),
    staffInfo: readStaffInfo(f, el),
    documentInfo: infoEl && f.text(infoEl, 'DocumentInfo'),
    documentReceiver: infoEl && f.text(infoEl, 'DocumentReceiver'),
    receivers: receiverListEl
      ? f.children(receiverListEl, 'Receiver').map((r) => ({
          organId: f.agencyCode(r, 'OrganId', true) ?? '',
          receiverType: f.enumValue(r, 'ReceiverType', RECEIVER_TYPES, true) ?? ReceiverType.Added,
        }))
      : [],
    replacements: replacementListEl
      ? f.children(replacementListEl, 'ReplacementInfo').map((r) => readReplacement(f, r))
      : [],
  });
  checkTarget(f, el, business, responseFor);
  return business;
}

function readReplacement(f: FieldReader, el: XmlElement): ReplacementInfo {
  const list = f.child(el, 'OrganIdList');
  return {
    documentId: f.text(el, 'DocumentId', { required: true }) ?? '',
    organIds: list
      ? f
          .children(list, 'OrganId')
          .map((o) => {
            const code = f.value(o);
            if (code !== undefined) f.checkAgencyCode(o, code);
            return code;
          })
          .filter((o): o is string => o !== undefined)
      : [],
  };
}

function checkTarget(f: FieldReader, el: XmlElement, business: Business, responseFor: ResponseFor[]): void {
  if (business.bussinessDocType === BussinessDocType.New) return;
  if (business.documentId || business.replacements.some((r) => r.documentId)) return;
  const fallback = responseFor.find((r) => r.documentId)?.documentId;
  const location = { path: `${f.at(el).path}/DocumentId`, line: el.line };
  if (fallback)
    f.problems.byLevel(
      'EDXML_MISSING_TARGET_DOCUMENT',
      location,
      { value: fallback },
      'EDXML_TARGET_FROM_RESPONSE_FOR',
    );
  else f.problems.error('EDXML_MISSING_TARGET_DOCUMENT', location);
}
