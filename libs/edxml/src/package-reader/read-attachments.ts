import type { AttachmentReference, Manifest, ManifestReference } from '../model/document-package';
import type { XmlElement } from '../xml-reader/xml-element';
import { definedOnly } from './assign-defined';
import type { FieldReader } from './field-reader';

/** `cid:abc`, `<abc>` and `abc` name the same content; returns the bare id. */
export function bareContentId(contentId: string): string {
  const id = /^cid:/i.test(contentId) ? contentId.slice(4) : contentId;
  return id.startsWith('<') && id.endsWith('>') ? id.slice(1, -1) : id;
}

/** Reads edXMLBody/edXMLManifest. */
export function readManifest(f: FieldReader, body: XmlElement | undefined): Manifest | undefined {
  const el = body && f.child(body, 'edXMLManifest');
  if (!el) return undefined;
  return definedOnly<Manifest>({
    version: el.attributes?.version,
    references: f.children(el, 'Reference').map((r) =>
      definedOnly<ManifestReference>({
        contentId: readContentId(f, r),
        contentType: f.text(r, 'ContentType'),
        description: f.text(r, 'Description'),
        attachmentName: f.text(r, 'AttachmentName'),
      }),
    ),
  });
}

/** Reads AttachmentEncoded/Attachment* as byte-range references (nothing is decoded here). */
export function readAttachments(f: FieldReader, list: XmlElement | undefined): AttachmentReference[] {
  if (!list) return [];
  return f.children(list, 'Attachment').map((el) => {
    const contentEl = f.child(el, 'ContentTransferEncoded');
    if (!contentEl) f.missing(el, 'ContentTransferEncoded');
    return definedOnly<AttachmentReference>({
      contentId: readContentId(f, el),
      attachmentName: f.text(el, 'AttachmentName'),
      description: f.text(el, 'Description'),
      contentType: f.text(el, 'ContentType'),
      content: contentEl?.contentRange ?? { offset: 0, length: 0 },
    });
  });
}

/** Every manifest reference must have its attachment and every attachment its reference. */
export function matchAttachments(
  f: FieldReader,
  manifest: Manifest | undefined,
  attachments: AttachmentReference[],
  attachmentList: XmlElement | undefined,
): void {
  const path = attachmentList ? f.at(attachmentList).path : '/edXML/AttachmentEncoded';
  const referenced = new Set<string>();
  for (const ref of manifest?.references ?? []) {
    const id = bareContentId(ref.contentId);
    if (referenced.has(id))
      f.problems.error(
        'EDXML_ATTACHMENT_MISMATCH',
        { path },
        { value: ref.contentId, detail: '(duplicate)' },
      );
    referenced.add(id);
  }
  const attached = new Set<string>();
  for (const att of attachments) {
    const id = bareContentId(att.contentId);
    if (attached.has(id))
      f.problems.error(
        'EDXML_ATTACHMENT_MISMATCH',
        { path },
        { value: att.contentId, detail: '(duplicate)' },
      );
    attached.add(id);
    if (!referenced.has(id)) {
      f.problems.error(
        'EDXML_ATTACHMENT_MISMATCH',
        { path },
        { value: att.contentId, detail: '(not in manifest)' },
      );
    }
  }
  for (const id of referenced) {
    if (!attached.has(id))
      f.problems.error('EDXML_ATTACHMENT_MISMATCH', { path }, { value: id, detail: '(no attachment)' });
  }
}

function readContentId(f: FieldReader, parent: XmlElement): string {
  const found = f.field(parent, 'ContentId', true);
  if (!found) return '';
  const { el, raw: id } = found;
  if (!/^cid:/i.test(id))
    f.problems.byLevel('EDXML_BAD_CONTENT_ID', f.at(el), { value: id }, 'EDXML_CONTENT_ID_NORMALISED');
  return id;
}
