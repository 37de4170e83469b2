// What the strict and lenient levels accept, reject and normalise.
import { decodeAttachment } from '../attachments/decode-attachment';
import { buildDocumentPackage } from '../build/build-document-package';
import { buildStatusPackage } from '../build/build-status-package';
import { StatusCode } from '../enums/status-code';
import { EDXML_NAMESPACE } from '../namespaces';
import type { ParseResult } from '../problems/parse-result';
import { isEdxmlProblemCode } from '../problems/problem-code';
import { editPackage, sampleDocumentInput, sampleStatusInput } from '../test-support/sample-packages';
import { parseDocumentPackage } from './parse-document-package';
import { parseStatusPackage } from './parse-status-package';

const doc = () => buildDocumentPackage(sampleDocumentInput());
const errorCodes = (r: ParseResult<unknown>) => (r.ok ? [] : r.errors.map((e) => e.code));
const warningCodes = (r: ParseResult<unknown>) => r.warnings.map((w) => w.code);
const both = (bytes: Buffer) => ({
  strict: parseDocumentPackage(bytes, { level: 'strict' }),
  lenient: parseDocumentPackage(bytes, { level: 'lenient' }),
});

describe('validation levels', () => {
  it('the sample package is valid at both levels, without warnings', () => {
    const { strict, lenient } = both(doc());
    expect(strict.ok && strict.warnings).toEqual([]);
    expect(lenient.ok && lenient.warnings).toEqual([]);
  });

  it('a missing required field is an error at both levels, with its path and a bilingual message', () => {
    const bytes = editPackage(doc(), /<edXML:Subject>[^<]*<\/edXML:Subject>/, '');
    for (const r of Object.values(both(bytes))) {
      expect(errorCodes(r)).toEqual(['EDXML_MISSING_FIELD']);
      expect(!r.ok && r.errors[0]).toMatchObject({
        path: '/edXML/edXMLEnvelope/edXMLHeader/MessageHeader/Subject',
        message: {
          vi: expect.stringContaining('Thiếu trường bắt buộc Subject'),
          en: expect.stringContaining('Subject'),
        },
      });
    }
  });

  it('a duplicate recipient is an error at both levels', () => {
    const input = sampleDocumentInput();
    input.header.to.push({ ...input.header.to[0] });
    for (const r of Object.values(both(buildDocumentPackage(input)))) {
      expect(errorCodes(r)).toEqual(['EDXML_DUPLICATE_RECIPIENT']);
      expect(!r.ok && r.errors[0].path).toBe('/edXML/edXMLEnvelope/edXMLHeader/MessageHeader/To[3]');
    }
  });

  it('a field over its QCVN length is an error under strict and a warning under lenient', () => {
    const input = sampleDocumentInput();
    input.header.subject = 'Trích yếu '.repeat(60);
    const { strict, lenient } = both(buildDocumentPackage(input));
    expect(errorCodes(strict)).toEqual(['EDXML_FIELD_TOO_LONG']);
    expect(lenient.ok).toBe(true);
    expect(warningCodes(lenient)).toEqual(['EDXML_FIELD_TOO_LONG']);
    expect(lenient.ok && lenient.value.header.subject).toBe(input.header.subject.trim()); // never truncated
  });

  it('an impossible date is an error at both levels; a day-first date is normalised only under lenient', () => {
    const impossible = editPackage(
      doc(),
      '<edXML:PromulgationDate>2024/05/06',
      '<edXML:PromulgationDate>2014/02/30',
    );
    for (const r of Object.values(both(impossible))) expect(errorCodes(r)).toEqual(['EDXML_BAD_DATE']);
    const { strict, lenient } = both(
      editPackage(doc(), '<edXML:PromulgationDate>2024/05/06', '<edXML:PromulgationDate>06/05/2024'),
    );
    expect(errorCodes(strict)).toEqual(['EDXML_BAD_DATE']);
    expect(lenient.ok && lenient.value.header.promulgationInfo.promulgationDate).toBe('2024/05/06');
    expect(warningCodes(lenient)).toEqual(['EDXML_DATE_NORMALISED']);
  });

  it('stray bytes before the XML declaration: stripped with a warning (lenient), refused (strict)', () => {
    const bytes = Buffer.concat([Buffer.from('\u00ef\r\ngar<bage'), doc()]);
    const { strict, lenient } = both(bytes);
    expect(errorCodes(strict)).toEqual(['EDXML_NOT_WELL_FORMED']);
    expect(warningCodes(lenient)).toEqual(['EDXML_STRAY_BYTES_STRIPPED']);
    // Line numbers still count the stripped line.
    const tooLong = Buffer.concat([
      Buffer.from('junk\n'),
      editPackage(doc(), /<edXML:Subject>/, `<edXML:Subject>${'x'.repeat(600)}`),
    ]);
    const r = parseDocumentPackage(tooLong);
    const line =
      doc()
        .toString('utf8')
        .split('\n')
        .findIndex((l) => l.includes('<edXML:Subject>')) + 2;
    expect(r.warnings.find((w) => w.code === 'EDXML_FIELD_TOO_LONG')?.line).toBe(line);
  });

  it('an empty placeholder Signature is reported present, without content, with its byte range', () => {
    const bytes = buildDocumentPackage(sampleDocumentInput(), { signatureXml: '<Signature/>' });
    const r = parseDocumentPackage(bytes, { level: 'strict' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { range, ...signature } = r.value.signature;
    expect(signature).toEqual({
      present: true,
      namespace: 'edxml',
      namespaceUri: EDXML_NAMESPACE,
      hasContent: false,
    });
    expect(range && bytes.toString('utf8', range.offset, range.offset + range.length)).toBe('<Signature/>');
  });

  it('line-wrapped base64 across many chunks: decoded exactly, and later line numbers stay right', () => {
    const input = sampleDocumentInput();
    const file = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 251));
    input.attachments = [{ contentId: 'cid:1', content: file }];
    const wrapped = buildDocumentPackage(input)
      .toString('utf8')
      .replace(
        /(<edXML:ContentTransferEncoded>)([^<]*)/,
        (_, open: string, b64: string) => `${open}\n${b64.replace(/.{76}/g, '$&\r\n')}\n`,
      )
      .replace('</edXML:AttachmentEncoded>', '</edXML:AttachmentEncoded>\n<x:Extra xmlns:x="urn:x"/>');
    const bytes = Buffer.from(wrapped);
    const r = parseDocumentPackage(bytes);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const decoded = decodeAttachment(bytes, r.value.attachments[0]);
    expect(decoded.ok && decoded.content.equals(file)).toBe(true);
    const extraLine = wrapped.split('\n').findIndex((l) => l.includes('<x:Extra')) + 1;
    expect(r.warnings.map((w) => [w.code, w.line])).toEqual([['EDXML_WRONG_NAMESPACE', extraLine]]);
  });

  it('a UTF-8 BOM is accepted silently', () => {
    const r = parseDocumentPackage(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), doc()]), {
      level: 'strict',
    });
    expect(r.ok && r.warnings).toEqual([]);
  });

  it('ContentId without cid: is matched to its attachment, with a warning (lenient) or an error (strict)', () => {
    const bytes = Buffer.from(
      doc()
        .toString('utf8')
        .replace(/>cid:1</g, '>1<'),
    );
    const { strict, lenient } = both(bytes);
    expect(errorCodes(strict)).toEqual(['EDXML_BAD_CONTENT_ID', 'EDXML_BAD_CONTENT_ID']);
    expect(warningCodes(lenient)).toEqual(['EDXML_CONTENT_ID_NORMALISED', 'EDXML_CONTENT_ID_NORMALISED']);
    // A mix of prefixed and bare ids still matches.
    const mixed = editPackage(
      doc(),
      '<edXML:ContentId>cid:1</edXML:ContentId>',
      '<edXML:ContentId>1</edXML:ContentId>',
    );
    expect(parseDocumentPackage(mixed).ok).toBe(true);
  });

  it('an attachment missing from the manifest (or the reverse) is a mismatch', () => {
    const extra = editPackage(
      doc(),
      '<edXML:ContentId>cid:1</edXML:ContentId>',
      '<edXML:ContentId>cid:2</edXML:ContentId>',
    );
    const r = parseDocumentPackage(extra);
    expect(errorCodes(r)).toEqual(['EDXML_ATTACHMENT_MISMATCH', 'EDXML_ATTACHMENT_MISMATCH']);
  });

  it('element order and edXML: prefixes do not matter', () => {
    const text = doc().toString('utf8');
    const subject = /\s*<edXML:Subject>[^<]*<\/edXML:Subject>/.exec(text)?.[0] ?? '';
    expect(subject).not.toBe('');
    const moved = text
      .replace(subject, '')
      .replace('<edXML:MessageHeader>', `<edXML:MessageHeader>${subject}`);
    const unprefixed = moved.replace(/<(\/?)edXML:/g, '<$1');
    const a = parseDocumentPackage(doc());
    const b = parseDocumentPackage(Buffer.from(unprefixed), { level: 'strict' });
    expect(b.ok && a.ok && b.value.header).toEqual(a.ok && a.value.header);
  });

  it('an element in a foreign namespace is an error (strict) or a warning (lenient)', () => {
    const bytes = editPackage(
      doc(),
      '<edXML:Content',
      '<x:Note xmlns:x="urn:other">n</x:Note><edXML:Content',
    );
    const { strict, lenient } = both(bytes);
    expect(errorCodes(strict)).toEqual(['EDXML_WRONG_NAMESPACE']);
    expect(warningCodes(lenient)).toEqual(['EDXML_WRONG_NAMESPACE']);
  });

  it('a bad Priority value is reported with the allowed values', () => {
    const bytes = editPackage(doc(), '<edXML:Priority>1', '<edXML:Priority>9');
    const r = parseDocumentPackage(bytes);
    expect(errorCodes(r)).toEqual(['EDXML_BAD_ENUM_VALUE']);
    expect(!r.ok && r.errors[0].message.en).toContain('0, 1, 2, 3, 4');
  });

  it('status 14 is read as 15 with a warning at both levels; an unknown code is refused', () => {
    const bytes = editPackage(
      buildStatusPackage(sampleStatusInput()),
      '<edXML:StatusCode>03',
      '<edXML:StatusCode>14',
    );
    for (const level of ['strict', 'lenient'] as const) {
      const r = parseStatusPackage(bytes, { level });
      expect(r.ok && r.value.header).toMatchObject({
        statusCode: StatusCode.ChangeAgreed,
        statusCodeNormalisedFrom: '14',
      });
      expect(warningCodes(r)).toEqual(['EDXML_STATUS_CODE_NORMALISED']);
    }
    const unknown = editPackage(
      buildStatusPackage(sampleStatusInput()),
      '<edXML:StatusCode>03',
      '<edXML:StatusCode>99',
    );
    expect(errorCodes(parseStatusPackage(unknown))).toEqual(['EDXML_BAD_STATUS_CODE']);
  });

  it('a status package without ResponseFor/DocumentId or Timestamp is refused', () => {
    const bytes = editPackage(
      buildStatusPackage(sampleStatusInput()),
      /<edXML:Timestamp>[^<]*<\/edXML:Timestamp>/,
      '',
    );
    expect(errorCodes(parseStatusPackage(bytes))).toEqual(['EDXML_MISSING_FIELD']);
  });

  it('every problem carries a known code, a path and both languages', () => {
    const bytes = editPackage(doc(), '<edXML:PromulgationDate>2024/05/06', '<edXML:PromulgationDate>x');
    const r = parseDocumentPackage(bytes);
    for (const p of [...(r.ok ? [] : r.errors), ...r.warnings]) {
      expect(isEdxmlProblemCode(p.code)).toBe(true);
      expect(p.path.startsWith('/')).toBe(true);
      expect(p.message.vi).not.toBe(p.message.en);
    }
    expect(errorCodes(r)).toEqual(['EDXML_BAD_DATE']);
  });
});
