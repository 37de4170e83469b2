import type { TraceHeader } from '../model/common';
import type { Business, DocumentHeader, Manifest } from '../model/document-package';
import { EDXML_NAMESPACE } from '../namespaces';
import { openRoot, writeOrganization, writeResponseFor, writeStaffInfo, writeTraces } from './write-common';
import { XmlWriter } from './xml-writer';

/** An attachment to write: its metadata and the file itself (encoded to base64 by the builder). */
export interface AttachmentInput {
  contentId: string;
  attachmentName?: string;
  description?: string;
  contentType?: string;
  content: Uint8Array;
}

/** What {@link buildDocumentPackage} writes. */
export interface DocumentPackageInput {
  header: DocumentHeader;
  traces?: TraceHeader[];
  business?: Business;
  /** Defaults to one Reference per attachment, version 1.0. */
  manifest?: Manifest;
  attachments?: AttachmentInput[];
}

/** Options of the builders. */
export interface BuildOptions {
  /** An already-made Signature element, written as the last child of edXMLHeader. */
  signatureXml?: string;
}

/** The manifest the builder writes when none is given: one Reference per attachment. */
export function manifestFor(attachments: AttachmentInput[]): Manifest {
  return {
    version: '1.0',
    references: attachments.map(({ contentId, contentType, description, attachmentName }) =>
      JSON.parse(JSON.stringify({ contentId, contentType, description, attachmentName })),
    ),
  };
}

/**
 * Writes a canonical document package (UTF-8, SDK element order, `edXML:` prefix). What this writes
 * parses back to the same model: `parseDocumentPackage(buildDocumentPackage(m))` equals `m`.
 */
export function buildDocumentPackage(input: DocumentPackageInput, options: BuildOptions = {}): Buffer {
  const h = input.header;
  const attachments = input.attachments ?? [];
  const w = new XmlWriter();
  openRoot(w, EDXML_NAMESPACE);
  w.open('edXMLEnvelope').open('edXMLHeader').open('MessageHeader');
  writeOrganization(w, 'From', h.from);
  for (const to of h.to) writeOrganization(w, 'To', to);
  w.leaf('DocumentId', h.documentId);
  w.open('Code')
    .leaf('CodeNumber', h.code.codeNumber)
    .leaf('CodeNotation', h.code.codeNotation)
    .close('Code');
  w.open('PromulgationInfo')
    .leaf('Place', h.promulgationInfo.place)
    .leaf('PromulgationDate', h.promulgationInfo.promulgationDate)
    .close('PromulgationInfo');
  if (h.documentType) {
    const t = h.documentType;
    w.open('DocumentType')
      .leaf('Type', t.type)
      .leaf('TypeDetail', t.typeDetail)
      .leaf('TypeName', t.typeName)
      .close('DocumentType');
  }
  w.leaf('Subject', h.subject).leaf('Content', h.content);
  if (h.signerInfo) {
    const s = h.signerInfo;
    w.open('SignerInfo')
      .leaf('Competence', s.competence)
      .leaf('Position', s.position)
      .leaf('FullName', s.fullName)
      .close('SignerInfo');
  }
  w.leaf('DueDate', h.dueDate);
  if (h.otherInfo || h.priority !== undefined) {
    const o = h.otherInfo ?? {};
    w.open('OtherInfo')
      .leaf('Priority', h.priority)
      .leaf('SphereOfPromulgation', o.sphereOfPromulgation)
      .leaf('TyperNotation', o.typerNotation)
      .leaf('PromulgationAmount', o.promulgationAmount)
      .leaf('PageAmount', o.pageAmount)
      .leaf('Direction', o.direction);
    if (o.appendixes?.length) {
      w.open('Appendixes');
      for (const a of o.appendixes) w.leaf('Appendix', a);
      w.close('Appendixes');
    }
    w.close('OtherInfo');
  }
  for (const r of h.responseFor) writeResponseFor(w, r);
  w.leaf('SteeringType', h.steeringType);
  if (h.toPlaces.length > 0) {
    w.open('ToPlaces');
    for (const p of h.toPlaces) w.leaf('Place', p);
    w.close('ToPlaces');
  }
  w.close('MessageHeader');
  writeTraceHeaderList(w, input.traces ?? [], input.business);
  if (options.signatureXml) w.raw(`${options.signatureXml}\n`);
  w.close('edXMLHeader');
  writeBody(w, input.manifest ?? manifestFor(attachments));
  w.close('edXMLEnvelope');
  writeAttachments(w, attachments);
  w.raw('</edXML>\n');
  return w.toBuffer();
}

function writeTraceHeaderList(w: XmlWriter, traces: TraceHeader[], business: Business | undefined): void {
  if (traces.length === 0 && !business) return;
  w.open('TraceHeaderList');
  writeTraces(w, traces);
  if (business) {
    w.open('Bussiness')
      .leaf('DocumentId', business.documentId)
      .leaf('BussinessDocType', business.bussinessDocType)
      .leaf('BussinessDocReason', business.bussinessDocReason)
      .leaf('Paper', business.paper);
    if (
      business.documentInfo !== undefined ||
      business.documentReceiver !== undefined ||
      business.receivers.length > 0
    ) {
      w.open('BussinessDocumentInfo')
        .leaf('DocumentInfo', business.documentInfo)
        .leaf('DocumentReceiver', business.documentReceiver);
      if (business.receivers.length > 0) {
        w.open('ReceiverList');
        for (const r of business.receivers)
          w.open('Receiver')
            .leaf('OrganId', r.organId)
            .leaf('ReceiverType', r.receiverType)
            .close('Receiver');
        w.close('ReceiverList');
      }
      w.close('BussinessDocumentInfo');
    }
    if (business.replacements.length > 0) {
      w.open('ReplacementInfoList');
      for (const r of business.replacements) {
        w.open('ReplacementInfo').leaf('DocumentId', r.documentId).open('OrganIdList');
        for (const id of r.organIds) w.leaf('OrganId', id);
        w.close('OrganIdList').close('ReplacementInfo');
      }
      w.close('ReplacementInfoList');
    }
    writeStaffInfo(w, business.staffInfo);
    w.close('Bussiness');
  }
  w.close('TraceHeaderList');
}

function writeBody(w: XmlWriter, manifest: Manifest): void {
  w.open('edXMLBody').open('edXMLManifest', { version: manifest.version });
  for (const r of manifest.references) {
    w.open('Reference')
      .leaf('ContentId', r.contentId)
      .leaf('ContentType', r.contentType)
      .leaf('Description', r.description)
      .leaf('AttachmentName', r.attachmentName)
      .close('Reference');
  }
  w.close('edXMLManifest').close('edXMLBody');
}

function writeAttachments(w: XmlWriter, attachments: AttachmentInput[]): void {
  if (attachments.length === 0) return;
  w.open('AttachmentEncoded');
  for (const a of attachments) {
    w.open('Attachment')
      .leaf('ContentId', a.contentId)
      .leaf('AttachmentName', a.attachmentName)
      .leaf('Description', a.description)
      .leaf('ContentType', a.contentType)
      .raw(
        `      <edXML:ContentTransferEncoded>${Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength).toString('base64')}</edXML:ContentTransferEncoded>\n`,
      )
      .close('Attachment');
  }
  w.close('AttachmentEncoded');
}
