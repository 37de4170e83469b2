import type { AttachmentReference } from '../model/document-package';
import { createProblem, type EdxmlProblem } from '../problems/edxml-problem';
import { asBuffer, type PackageBytes } from '../parse/package-bytes';

/** The decoded file of one attachment, or the problem with its base64 text. */
export type DecodedAttachment = { ok: true; content: Buffer } | { ok: false; problem: EdxmlProblem };

// Base64 alphabet, padding and the whitespace that line-wrapped base64 contains.
const BASE64_TEXT = /^[A-Za-z0-9+/=\s]*$/;

/**
 * Decodes one attachment on demand from the bytes the package was parsed from. The header parse never
 * does this, so a caller that only routes the package never pays for it.
 */
export function decodeAttachment(
  bytes: PackageBytes,
  attachment: Pick<AttachmentReference, 'content' | 'contentId'>,
): DecodedAttachment {
  const { offset, length } = attachment.content;
  const input = asBuffer(bytes);
  if (offset < 0 || length < 0 || offset + length > input.length) {
    return { ok: false, problem: badAttachment(attachment.contentId, 'range outside the package') };
  }
  const text = input.toString('latin1', offset, offset + length);
  if (!BASE64_TEXT.test(text))
    return { ok: false, problem: badAttachment(attachment.contentId, 'not base64') };
  const compact = text.replace(/\s+/g, '');
  if (compact.length % 4 === 1 || /=[^=]/.test(compact)) {
    return { ok: false, problem: badAttachment(attachment.contentId, 'not base64') };
  }
  return { ok: true, content: Buffer.from(compact, 'base64') };
}

function badAttachment(contentId: string, detail: string): EdxmlProblem {
  return createProblem(
    'EDXML_BAD_ATTACHMENT',
    'error',
    { path: `/edXML/AttachmentEncoded/Attachment[${contentId}]` },
    { detail },
  );
}
