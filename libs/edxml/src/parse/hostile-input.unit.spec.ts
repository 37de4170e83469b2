// Hostile and broken input: each is rejected with its code, quickly, and never by an exception.
import { Readable } from 'node:stream';
import { buildDocumentPackage } from '../build/build-document-package';
import { EDXML_NAMESPACE } from '../namespaces';
import type { ParseResult } from '../problems/parse-result';
import { editPackage, sampleDocumentInput } from '../test-support/sample-packages';
import { parseDocumentPackage } from './parse-document-package';
import { parseDocumentPackageStream } from './parse-package-stream';
import { readPackageStream } from './read-package-stream';

const MB = 1024 * 1024;
const errorCodes = (r: ParseResult<unknown>) => (r.ok ? [] : r.errors.map((e) => e.code));
const sample = () => buildDocumentPackage(sampleDocumentInput());

/** Parses and checks that it took less than `maxMs`. */
function timedParse(bytes: Buffer, maxMs = 1000, options = {}) {
  const started = performance.now();
  const result = parseDocumentPackage(bytes, options);
  expect(performance.now() - started).toBeLessThan(maxMs);
  return result;
}

describe('hostile input', () => {
  it('billion laughs: the DOCTYPE is refused before any entity is expanded', () => {
    const entities = Array.from(
      { length: 9 },
      (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`,
    ).join('');
    const xml = `<?xml version="1.0"?><!DOCTYPE edXML [<!ENTITY lol0 "lol">${entities}]><edXML xmlns="${EDXML_NAMESPACE}">&lol9;</edXML>`;
    const r = timedParse(Buffer.from(xml), 200);
    expect(errorCodes(r)).toEqual(['EDXML_DTD_FORBIDDEN']);
  });

  it.each([
    ['file', 'file:///etc/passwd'],
    ['URL', 'http://127.0.0.1:9/evil.dtd'],
  ])('external entity (%s) is refused and never resolved', (_kind, target) => {
    const xml = `<?xml version="1.0"?><!DOCTYPE edXML [<!ENTITY xxe SYSTEM "${target}">]><edXML xmlns="${EDXML_NAMESPACE}"><x>&xxe;</x></edXML>`;
    const r = timedParse(Buffer.from(xml), 200);
    expect(errorCodes(r)).toEqual(['EDXML_DTD_FORBIDDEN']);
    expect(JSON.stringify(r)).not.toContain('root:');
  });

  it('an entity reference without a DOCTYPE is not well-formed (no expansion, no lookup)', () => {
    const bytes = editPackage(sample(), /<edXML:Subject>[^<]*/, '<edXML:Subject>&xxe;');
    expect(errorCodes(timedParse(bytes))).toEqual(['EDXML_NOT_WELL_FORMED']);
  });

  it('10,000-deep nesting stops at maxDepth', () => {
    const xml = `<edXML xmlns="${EDXML_NAMESPACE}">${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}</edXML>`;
    const r = timedParse(Buffer.from(xml), 500);
    expect(errorCodes(r)).toEqual(['EDXML_LIMIT_EXCEEDED']);
    expect(!r.ok && r.errors[0].message.en).toContain('maxDepth');
  });

  it('a body over maxBytes is refused before it is read', () => {
    const r = timedParse(Buffer.alloc(3 * MB, 0x20), 50, { limits: { maxBytes: 2 * MB } });
    expect(errorCodes(r)).toEqual(['EDXML_LIMIT_EXCEEDED']);
  });

  it('a 200 MB body in memory is refused by its length without being read', () => {
    const rssBefore = process.memoryUsage().rss;
    // allocUnsafeSlow leaves the pages untouched: the test itself does not grow the process.
    const huge = Buffer.allocUnsafeSlow(200 * MB);
    const r = timedParse(huge, 50);
    expect(errorCodes(r)).toEqual(['EDXML_LIMIT_EXCEEDED']);
    expect(!r.ok && r.errors[0].message.en).toContain('maxBytes');
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(32 * MB);
  });

  it('a 200 MB streamed body is refused at the size limit, reading no more than the limit', async () => {
    const chunk = Buffer.alloc(MB, 0x41);
    let pulled = 0;
    async function* body() {
      for (let i = 0; i < 200; i++) {
        pulled++;
        yield chunk; // the same memory every time: the test itself stays small
      }
    }
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const r = await readPackageStream(body(), 16 * MB);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(errorCodes(r)).toEqual(['EDXML_LIMIT_EXCEEDED']);
    expect(pulled).toBe(17);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(64 * MB);
  });

  it('a Node Readable over the limit is refused and destroyed (no more data is pulled)', async () => {
    let produced = 0;
    const stream = new Readable({
      read() {
        produced++;
        this.push(produced <= 200 ? Buffer.alloc(MB, 0x42) : null);
      },
    });
    const r = await readPackageStream(stream, 4 * MB);
    expect(errorCodes(r)).toEqual(['EDXML_LIMIT_EXCEEDED']);
    expect(stream.destroyed).toBe(true);
    expect(produced).toBeLessThan(40);
  });

  it('parseDocumentPackageStream: a Readable upload parses and its attachment ranges point into the returned bytes', async () => {
    const bytes = sample();
    const { bytes: collected, result } = await parseDocumentPackageStream(
      Readable.from([bytes.subarray(0, 700), bytes.subarray(700)]),
    );
    expect(result.ok).toBe(true);
    if (!result.ok || !collected) return;
    expect(collected.equals(bytes)).toBe(true);
    const { offset, length } = result.value.attachments[0].content;
    expect(Buffer.from(collected.toString('latin1', offset, offset + length), 'base64').toString()).toBe(
      '%PDF-1.7 test',
    );
    const refused = await parseDocumentPackageStream(Readable.from([bytes, bytes]), {
      limits: { maxBytes: bytes.length },
    });
    expect(refused.bytes).toBeUndefined();
    expect(errorCodes(refused.result)).toEqual(['EDXML_LIMIT_EXCEEDED']);
  });

  it('a streamed body within the limit is collected and parses', async () => {
    const bytes = sample();
    async function* body() {
      for (let i = 0; i < bytes.length; i += 100) yield bytes.subarray(i, i + 100);
    }
    const collected = await readPackageStream(body());
    expect(collected.ok && parseDocumentPackage(collected.value).ok).toBe(true);
  });

  it('a truncated document is not well-formed', () => {
    const bytes = sample();
    for (const cut of [10, bytes.length / 3, bytes.length - 5]) {
      expect(errorCodes(timedParse(bytes.subarray(0, Math.floor(cut))))).toEqual(['EDXML_NOT_WELL_FORMED']);
    }
  });

  it('invalid UTF-8 is refused with the line where it is', () => {
    const bytes = sample();
    const at = bytes.indexOf('<edXML:Subject>') + '<edXML:Subject>'.length;
    const broken = Buffer.concat([
      bytes.subarray(0, at),
      Buffer.from([0xc3, 0x28, 0xff]),
      bytes.subarray(at),
    ]);
    const r = timedParse(broken);
    expect(errorCodes(r)).toEqual(['EDXML_NOT_UTF8']);
    const line = bytes.subarray(0, at).toString('utf8').split('\n').length;
    expect(!r.ok && r.errors[0].line).toBe(line);
  });

  it('a declared encoding other than UTF-8 is refused', () => {
    const bytes = editPackage(sample(), 'encoding="UTF-8"', 'encoding="windows-1258"');
    expect(errorCodes(timedParse(bytes))).toEqual(['EDXML_NOT_UTF8']);
  });

  it.each(['http://www.e-doc.vn/Schema/', 'http://www.go.vn/eDoc'])(
    'wrong namespace %s names the expected one',
    (ns) => {
      const bytes = Buffer.from(sample().toString('utf8').split(EDXML_NAMESPACE).join(ns));
      const r = timedParse(bytes);
      expect(errorCodes(r)).toEqual(['EDXML_WRONG_NAMESPACE']);
      expect(!r.ok && r.errors[0].message.en).toContain(EDXML_NAMESPACE);
      expect(!r.ok && r.errors[0].message.vi).toContain(EDXML_NAMESPACE);
    },
  );

  it('no namespace at all is a wrong namespace too', () => {
    const r = timedParse(Buffer.from('<edXML><edXMLEnvelope/></edXML>'));
    expect(errorCodes(r)).toEqual(['EDXML_WRONG_NAMESPACE']);
  });

  it('missing envelope: another root, or an edXML root without edXMLEnvelope', () => {
    expect(errorCodes(timedParse(Buffer.from(`<html xmlns="${EDXML_NAMESPACE}"/>`)))).toEqual([
      'EDXML_MISSING_ENVELOPE',
    ]);
    const noEnvelope = `<edXML xmlns="${EDXML_NAMESPACE}"><AttachmentEncoded/></edXML>`;
    expect(errorCodes(timedParse(Buffer.from(noEnvelope)))).toEqual(['EDXML_MISSING_ENVELOPE']);
    const noHeader = `<edXML xmlns="${EDXML_NAMESPACE}"><edXMLEnvelope><edXMLBody/></edXMLEnvelope></edXML>`;
    expect(errorCodes(timedParse(Buffer.from(noHeader)))).toEqual(['EDXML_MISSING_ENVELOPE']);
  });

  it('empty input and input without XML are not well-formed', () => {
    expect(errorCodes(timedParse(Buffer.alloc(0)))).toEqual(['EDXML_NOT_WELL_FORMED']);
    expect(errorCodes(timedParse(Buffer.from('just text')))).toEqual(['EDXML_NOT_WELL_FORMED']);
  });

  it('enforces the element count, attribute, text and attachment limits while reading', () => {
    const many = Buffer.from(`<edXML xmlns="${EDXML_NAMESPACE}">${'<a/>'.repeat(5000)}</edXML>`);
    expect(errorCodes(timedParse(many, 1000, { limits: { maxElements: 1000 } }))).toEqual([
      'EDXML_LIMIT_EXCEEDED',
    ]);
    const longAttr = Buffer.from(`<edXML xmlns="${EDXML_NAMESPACE}" a="${'x'.repeat(10_000)}"/>`);
    expect(errorCodes(timedParse(longAttr))).toEqual(['EDXML_LIMIT_EXCEEDED']);
    const attrs = Array.from({ length: 40 }, (_, i) => `a${i}="1"`).join(' ');
    expect(errorCodes(timedParse(Buffer.from(`<edXML xmlns="${EDXML_NAMESPACE}" ${attrs}/>`)))).toEqual([
      'EDXML_LIMIT_EXCEEDED',
    ]);
    const longText = editPackage(sample(), /<edXML:Subject>[^<]*/, `<edXML:Subject>${'x'.repeat(3 * MB)}`);
    expect(errorCodes(timedParse(longText))).toEqual(['EDXML_LIMIT_EXCEEDED']);
    const input = sampleDocumentInput();
    input.attachments = Array.from({ length: 6 }, (_, i) => ({
      contentId: `cid:${i}`,
      content: Buffer.from('x'),
    }));
    const r = timedParse(buildDocumentPackage(input), 1000, { limits: { maxAttachments: 5 } });
    expect(errorCodes(r)).toEqual(['EDXML_LIMIT_EXCEEDED']);
  });

  it('a long comment is bounded by the markup-free-run guard, not buffered to the end', () => {
    const xml = Buffer.from(`<edXML xmlns="${EDXML_NAMESPACE}"><!--${'x'.repeat(8 * MB)}--></edXML>`);
    const r = timedParse(xml, 3000, { limits: { maxTextLength: 256 * 1024 } });
    expect(errorCodes(r)).toEqual(['EDXML_LIMIT_EXCEEDED']);
  });

  it('markup inside attachment content is refused', () => {
    for (const markup of ['<b/>', '<!-- note -->', '<![CDATA[QUJD]]>', '<?pi x?>']) {
      const bytes = editPackage(
        sample(),
        /<edXML:ContentTransferEncoded>/,
        `<edXML:ContentTransferEncoded>QUJD${markup}`,
      );
      expect(errorCodes(timedParse(bytes))).toEqual(['EDXML_BAD_ATTACHMENT']);
    }
  });
});
