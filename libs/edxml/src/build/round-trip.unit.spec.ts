// Round-trip property: what the builders write parses back (strictly, without warnings) to the model.
import fc from 'fast-check';
import { decodeAttachment } from '../attachments/decode-attachment';
import { BussinessDocType, ReceiverType } from '../enums/bussiness-doc-type';
import { Priority } from '../enums/priority';
import { StatusCode } from '../enums/status-code';
import { SteeringType } from '../enums/steering-type';
import type { Organization, ResponseFor, StaffInfo } from '../model/common';
import type { Business, DocumentHeader } from '../model/document-package';
import type { StatusHeader } from '../model/status-package';
import { parseDocumentPackage } from '../parse/parse-document-package';
import { parseStatusPackage } from '../parse/parse-status-package';
import { buildDocumentPackage, manifestFor, type AttachmentInput } from './build-document-package';
import { buildStatusPackage } from './build-status-package';

// Vietnamese letters (precomposed), ASCII, and the characters XML must escape.
const CHARS = [
  ...'aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ0123456789 .,-/&<>"\'():;',
];
const text = (max: number) =>
  fc
    .string({ unit: fc.constantFrom(...CHARS), minLength: 1, maxLength: max })
    .map((s) => s.trim().replace(/\s+/g, ' '))
    .filter((s) => s.length > 0);
const digits = (n: number) => fc.stringMatching(new RegExp(`^\\d{${n}}$`));
const agencyCode = fc
  .tuple(digits(3), digits(2), digits(2), fc.constantFrom('G', 'H', 'A'), digits(2))
  .map(([v, z, y, g, x]) => `${v}.${z}.${y}.${g}${x}`);
const pad = (n: number) => String(n).padStart(2, '0');
const date = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`);
const timestamp = fc
  .tuple(
    date,
    fc.integer({ min: 0, max: 23 }),
    fc.integer({ min: 0, max: 59 }),
    fc.integer({ min: 0, max: 59 }),
  )
  .map(([d, h, m, s]) => `${d} ${pad(h)}:${pad(m)}:${pad(s)}`);
/** Drops an object that came out empty: the reader reports an all-empty element as absent. */
const nonEmpty = <T extends object>(arb: fc.Arbitrary<T>) => arb.filter((o) => Object.keys(o).length > 0);

const organization: fc.Arbitrary<Organization> = fc.record(
  {
    organId: agencyCode,
    organizationInCharge: text(200),
    organName: text(200),
    organAdd: text(250),
    email: text(100),
    telephone: text(20),
    fax: text(20),
    website: text(100),
  },
  { requiredKeys: ['organId', 'organName'] },
);
const staffInfo: fc.Arbitrary<StaffInfo> = nonEmpty(
  fc.record(
    { department: text(200), staff: text(200), mobile: text(20), email: text(100) },
    { requiredKeys: [] },
  ),
);
const responseFor: fc.Arbitrary<ResponseFor> = fc.record(
  { organId: agencyCode, code: text(40), promulgationDate: date, documentId: text(80) },
  { requiredKeys: ['documentId'] },
);

const header: fc.Arbitrary<DocumentHeader> = fc.record(
  {
    from: organization,
    to: fc.uniqueArray(organization, { selector: (o) => o.organId, minLength: 1, maxLength: 40 }),
    documentId: text(120),
    code: fc.record({ codeNumber: text(11), codeNotation: text(30) }),
    promulgationInfo: fc.record(
      { place: text(50), promulgationDate: date },
      { requiredKeys: ['promulgationDate'] },
    ),
    documentType: nonEmpty(
      fc.record({ type: digits(1), typeDetail: digits(1), typeName: text(100) }, { requiredKeys: [] }),
    ),
    subject: text(500),
    content: text(500),
    signerInfo: nonEmpty(
      fc.record({ competence: text(100), position: text(100), fullName: text(50) }, { requiredKeys: [] }),
    ),
    dueDate: date,
    toPlaces: fc.array(text(150), { maxLength: 5 }),
    priority: fc.constantFrom(...([0, 1, 2, 3, 4] as Priority[])),
    otherInfo: nonEmpty(
      fc.record(
        {
          sphereOfPromulgation: text(100),
          typerNotation: text(20),
          promulgationAmount: digits(2),
          pageAmount: digits(2),
          direction: fc.constantFrom('true', 'false'),
          appendixes: fc.array(text(100), { minLength: 1, maxLength: 3 }),
        },
        { requiredKeys: [] },
      ),
    ),
    responseFor: fc.array(responseFor, { maxLength: 3 }),
    steeringType: fc.constantFrom(...([0, 1, 2, 3] as SteeringType[])),
  },
  {
    requiredKeys: [
      'from',
      'to',
      'documentId',
      'code',
      'promulgationInfo',
      'subject',
      'toPlaces',
      'responseFor',
    ],
  },
);

const business: fc.Arbitrary<Business> = fc.record(
  {
    bussinessDocType: fc.constantFrom(...([0, 1, 2, 3] as BussinessDocType[])),
    documentId: text(120),
    bussinessDocReason: text(200),
    paper: fc.constantFrom('0', '1'),
    staffInfo,
    documentInfo: digits(1),
    documentReceiver: digits(1),
    receivers: fc.array(
      fc.record({
        organId: agencyCode,
        receiverType: fc.constantFrom(ReceiverType.Removed, ReceiverType.Added),
      }),
      { maxLength: 4 },
    ),
    replacements: fc.array(
      fc.record({ documentId: text(120), organIds: fc.array(agencyCode, { maxLength: 3 }) }),
      { maxLength: 3 },
    ),
  },
  { requiredKeys: ['bussinessDocType', 'documentId', 'receivers', 'replacements'] },
);

const attachments: fc.Arbitrary<AttachmentInput[]> = fc
  .array(
    fc.record(
      {
        attachmentName: text(100),
        description: text(100),
        contentType: fc.constantFrom('application/pdf', 'application/zip'),
        content: fc.uint8Array({ maxLength: 3000 }),
      },
      { requiredKeys: ['content'] },
    ),
    { maxLength: 12 },
  )
  .map((list) => list.map((a, i) => ({ contentId: `cid:${i + 1}-tệp`, ...a })));

const traces = fc.array(fc.record({ organId: agencyCode, timestamp }), { maxLength: 4 });

describe('round trip: parse(build(model)) equals model', () => {
  it('document packages (Vietnamese text, every optional field, many recipients and attachments)', () => {
    fc.assert(
      fc.property(header, fc.option(business, { nil: undefined }), traces, attachments, (h, b, t, atts) => {
        const bytes = buildDocumentPackage({ header: h, business: b, traces: t, attachments: atts });
        const r = parseDocumentPackage(bytes, { level: 'strict' });
        if (!r.ok) throw new Error(JSON.stringify(r.errors.map((e) => e.message.en)));
        expect(r.warnings).toEqual([]);
        const { attachments: parsedAttachments, signature, ...rest } = r.value;
        const expected = {
          kind: 'document',
          header: h,
          traces: t,
          manifest: manifestFor(atts),
          ...(b ? { business: b } : {}),
        };
        expect(rest).toEqual(expected);
        expect(signature).toEqual({ present: false });
        expect(parsedAttachments.map(({ content: _, ...meta }) => meta)).toEqual(
          atts.map(({ content: _, ...meta }) => meta),
        );
        parsedAttachments.forEach((a, i) => {
          const decoded = decodeAttachment(bytes, a);
          expect(decoded.ok && decoded.content.equals(Buffer.from(atts[i].content))).toBe(true);
        });
      }),
      { numRuns: 150, seed: 20240506 },
    );
  });

  it('status packages', () => {
    const status: fc.Arbitrary<StatusHeader> = fc.record(
      {
        from: organization,
        responseFor: fc.record(
          { organId: agencyCode, code: text(40), promulgationDate: date, documentId: text(80) },
          { requiredKeys: ['organId', 'documentId'] },
        ),
        staffInfo,
        statusCode: fc.constantFrom(...Object.values(StatusCode)),
        description: text(500),
        timestamp,
      },
      { requiredKeys: ['from', 'responseFor', 'statusCode', 'timestamp'] },
    );
    fc.assert(
      fc.property(status, traces, (h, t) => {
        const r = parseStatusPackage(buildStatusPackage({ header: h, traces: t }), { level: 'strict' });
        if (!r.ok) throw new Error(JSON.stringify(r.errors.map((e) => e.message.en)));
        expect(r.warnings).toEqual([]);
        expect(r.value).toEqual({ kind: 'status', header: h, traces: t, signature: { present: false } });
      }),
      { numRuns: 200, seed: 20240507 },
    );
  });

  it('a signature given to the builder is written in the header and found again as a byte range', () => {
    const signatureXml = '<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo/></Signature>';
    const bytes = buildStatusPackage(
      {
        header: {
          from: { organId: '000.00.00.H41', organName: 'Nghệ An' },
          responseFor: { organId: '000.00.00.G22', documentId: 'x' },
          statusCode: StatusCode.Arrived,
          timestamp: '2024/01/02 03:04:05',
        },
      },
      { signatureXml },
    );
    const r = parseStatusPackage(bytes, { level: 'strict' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { range, ...rest } = r.value.signature;
    expect(rest).toEqual({
      present: true,
      namespace: 'xmldsig',
      namespaceUri: 'http://www.w3.org/2000/09/xmldsig#',
      hasContent: true,
    });
    expect(range && bytes.toString('utf8', range.offset, range.offset + range.length)).toBe(signatureXml);
  });
});
