// Every real-world package of the shared conformance corpus, with the outcome its README states.
import { realWorldPackages } from '@lt/testing';
import { decodeAttachment } from '../attachments/decode-attachment';
import { BussinessDocType } from '../enums/bussiness-doc-type';
import { StatusCode } from '../enums/status-code';
import { targetDocumentIds } from '../model/business-target';
import type { DocumentPackage } from '../model/document-package';
import type { StatusPackage } from '../model/status-package';
import type { ParseResult } from '../problems/parse-result';
import { parseDocumentPackage } from './parse-document-package';
import { parsePackage } from './parse-package';
import { parseStatusPackage } from './parse-status-package';

const corpus = new Map(realWorldPackages().map((p) => [p.name, p.bytes]));
const bytesOf = (name: string) => {
  const bytes = corpus.get(name);
  if (!bytes) throw new Error(`corpus file ${name} missing`);
  return bytes;
};
const codes = (r: ParseResult<unknown>) => [...(r.ok ? [] : r.errors), ...r.warnings].map((p) => p.code);

function document(name: string, level: 'strict' | 'lenient' = 'lenient'): DocumentPackage {
  const r = parseDocumentPackage(bytesOf(name), { level });
  if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.errors.map((e) => e.message.en))}`);
  return r.value;
}

const STATUS_FILES: Array<[string, StatusCode]> = [
  ['sdk-status.edxml', StatusCode.Arrived],
  ['sdk-status_inbox_01.edxml', StatusCode.Arrived],
  ['sdk-status_rejection_02.edxml', StatusCode.Refused],
  ['sdk-status_acceptance_03.edxml', StatusCode.Accepted],
  ['sdk-status_assignment_04.edxml', StatusCode.Assigned],
  ['sdk-status_processing_05.edxml', StatusCode.InProgress],
  ['sdk-status_finish_06.edxml', StatusCode.Completed],
  ['sdk-status_cancellation_13.edxml', StatusCode.RecallRequested],
  ['sdk-status_change-acceptance_15.edxml', StatusCode.ChangeAgreed],
  ['sdk-status_change-rejection_16.edxml', StatusCode.ChangeRefused],
  ['provincial-status_processing_05.edxml', StatusCode.InProgress],
];

describe('conformance corpus (real agency packages)', () => {
  it('holds the 19 packages the README lists', () => {
    expect(corpus.size).toBe(19);
  });

  it('sdk-dc0bdef0: new document to three agencies, edXML-namespace placeholder signature, one zipped attachment', () => {
    const name = 'sdk-dc0bdef0-c7a3-4aaf-b717-777303442973.edxml';
    const r = parseDocumentPackage(bytesOf(name), { level: 'strict' });
    expect(r.ok && r.warnings).toEqual([]);
    const pkg = document(name);
    expect(pkg.header.from.organId).toBe('000.00.00.G22');
    expect(pkg.header.to.map((t) => t.organId)).toEqual(['000.00.00.H41', '000.00.00.H14', '000.00.00.G17']);
    expect(pkg.header.documentId).toBe('000.00.00.G22,2015/09/30,7816/VPCP-TTĐT');
    expect(pkg.header.code).toEqual({ codeNumber: '7816', codeNotation: 'VPCP-TTĐT' });
    expect(pkg.header.promulgationInfo).toEqual({ place: 'Hà Nội', promulgationDate: '2019/04/11' });
    expect(pkg.business?.bussinessDocType).toBe(BussinessDocType.New);
    expect(pkg.signature).toMatchObject({ present: true, namespace: 'edxml', hasContent: true });
    const { offset, length } = pkg.signature.range ?? { offset: 0, length: 0 };
    const signature = bytesOf(name).toString('utf8', offset, offset + length);
    expect(signature.startsWith('<Signature>')).toBe(true);
    expect(signature.endsWith('</Signature>')).toBe(true);
    expect(pkg.attachments).toHaveLength(1);
    const decoded = decodeAttachment(bytesOf(name), pkg.attachments[0]);
    expect(decoded.ok && decoded.content.subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('sdk-edoc_new: parses; the malformed recipient code 28.22.H17 is a warning (lenient) or an error (strict)', () => {
    const lenient = parseDocumentPackage(bytesOf('sdk-edoc_new.edxml'));
    expect(lenient.ok).toBe(true);
    expect(codes(lenient)).toEqual(['EDXML_BAD_AGENCY_CODE']);
    const pkg = document('sdk-edoc_new.edxml');
    expect(pkg.header.to.map((t) => t.organId)).toContain('28.22.H17');
    const decoded = decodeAttachment(bytesOf('sdk-edoc_new.edxml'), pkg.attachments[0]);
    expect(decoded.ok && decoded.content.length).toBeGreaterThan(200_000);
    const strict = parseDocumentPackage(bytesOf('sdk-edoc_new.edxml'), { level: 'strict' });
    expect(strict.ok).toBe(false);
    expect(codes(strict)).toEqual(['EDXML_BAD_AGENCY_CODE']);
  });

  it('sdk-edoc_update: update acting on an earlier document, with its receiver list', () => {
    const pkg = document('sdk-edoc_update.edxml', 'strict');
    expect(pkg.business?.bussinessDocType).toBe(BussinessDocType.Update);
    expect(targetDocumentIds(pkg)).toEqual(['000.00.00.G22,2014/02/30,7806/VPCP-TTĐT']);
    expect(pkg.business?.receivers).toEqual([
      { organId: '000.00.00.H41', receiverType: 0 },
      { organId: '000.00.00.H14', receiverType: 1 },
    ]);
  });

  it('sdk-edoc_revocation: revocation whose target comes from ResponseFor (warning under lenient)', () => {
    const r = parseDocumentPackage(bytesOf('sdk-edoc_revocation.edxml'));
    expect(codes(r)).toEqual(['EDXML_TARGET_FROM_RESPONSE_FOR']);
    const pkg = document('sdk-edoc_revocation.edxml');
    expect(pkg.business?.bussinessDocType).toBe(BussinessDocType.Revocation);
    expect(targetDocumentIds(pkg)).toEqual(['000.00.04.G14,2012/08/06,267/VPCP-TTĐT']);
  });

  it('sdk-edoc_replacement: replacement with its ReplacementInfoList', () => {
    const pkg = document('sdk-edoc_replacement.edxml', 'strict');
    expect(pkg.business?.bussinessDocType).toBe(BussinessDocType.Replacement);
    expect(targetDocumentIds(pkg)).toEqual(['000.00.00.G22,2014/01/30,7806/VPCP-TTĐT']);
    expect(pkg.business?.replacements[0].organIds).toEqual(['000.00.00.H41', '000.00.00.H14']);
  });

  it('sdk-edoc: rejected as not well-formed, at the line of the mismatched tag, at both levels', () => {
    for (const level of ['strict', 'lenient'] as const) {
      const r = parsePackage(bytesOf('sdk-edoc.edxml'), { level });
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0]).toMatchObject({ code: 'EDXML_NOT_WELL_FORMED', line: 74 });
      expect(r.errors[0].message.vi).toContain('không phải XML hợp lệ');
    }
  });

  it('provincial-edoc_new: lenient normalises the dd/MM/yyyy date with a warning; strict reports the date', () => {
    const lenient = parseDocumentPackage(bytesOf('provincial-edoc_new.edxml'));
    expect(lenient.ok).toBe(true);
    expect(lenient.warnings.map((w) => [w.code, w.line])).toEqual([['EDXML_DATE_NORMALISED', 33]]);
    const pkg = document('provincial-edoc_new.edxml');
    expect(pkg.header.promulgationInfo.promulgationDate).toBe('2020/10/30');
    expect(pkg.header.from.organAdd).toBeUndefined(); // <OrganAdd/> is empty: absent
    expect(pkg.header.dueDate).toBeUndefined();
    const strict = parseDocumentPackage(bytesOf('provincial-edoc_new.edxml'), { level: 'strict' });
    expect(strict.ok).toBe(false);
    expect(!strict.ok && strict.errors.map((e) => [e.code, e.path])).toEqual([
      ['EDXML_BAD_DATE', '/edXML/edXMLEnvelope/edXMLHeader/MessageHeader/PromulgationInfo/PromulgationDate'],
    ]);
  });

  it('provincial-edoc_update: parses (CR LF line ends)', () => {
    const pkg = document('provincial-edoc_update.edxml', 'strict');
    expect(pkg.business?.bussinessDocType).toBe(BussinessDocType.Update);
    const decoded = decodeAttachment(bytesOf('provincial-edoc_update.edxml'), pkg.attachments[0]);
    expect(decoded.ok).toBe(true);
  });

  it.each(STATUS_FILES)('%s parses as a status package with code %s, at both levels', (name, code) => {
    for (const level of ['strict', 'lenient'] as const) {
      const r = parseStatusPackage(bytesOf(name), { level });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.warnings).toEqual([]);
      const pkg: StatusPackage = r.value;
      expect(pkg.header.statusCode).toBe(code);
      // 13 (recall request) goes from the sender to the recipient; every other code the other way.
      const [from, to] =
        code === StatusCode.RecallRequested
          ? ['000.00.00.G22', '000.00.00.H41']
          : ['000.00.00.H41', '000.00.00.G22'];
      expect(pkg.header.from.organId).toBe(from);
      expect(pkg.header.responseFor).toMatchObject({
        organId: to,
        documentId: '000.00.00.G22,2015/09/30,7816/VPCP-TTĐT',
      });
      expect(pkg.header.timestamp).toMatch(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}$/);
      expect(pkg.signature.present).toBe(false);
    }
  });

  it('status packages are refused by the document parser and vice versa, with EDXML_WRONG_PACKAGE_KIND', () => {
    expect(codes(parseDocumentPackage(bytesOf('sdk-status.edxml')))).toEqual(['EDXML_WRONG_PACKAGE_KIND']);
    expect(codes(parseStatusPackage(bytesOf('sdk-edoc_update.edxml')))).toEqual(['EDXML_WRONG_PACKAGE_KIND']);
  });

  it('every corpus file gets an outcome from parsePackage: a value or coded errors, never an exception', () => {
    for (const [name, bytes] of corpus) {
      const r = parsePackage(bytes);
      expect({ name, ok: r.ok }).toEqual({ name, ok: name !== 'sdk-edoc.edxml' });
    }
  });
});
