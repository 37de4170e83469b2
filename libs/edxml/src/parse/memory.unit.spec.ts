// A 50 MB package parses without its attachment being decoded or copied: memory grows far less than
// the package size (the issue asks for well under 2x).
import { buildDocumentPackage } from '../build/build-document-package';
import { decodeAttachment } from '../attachments/decode-attachment';
import { sampleDocumentInput } from '../test-support/sample-packages';
import { parseDocumentPackage } from './parse-document-package';

const MB = 1024 * 1024;

it('parses a 50 MB package with resident memory growth well under its size', () => {
  const input = sampleDocumentInput();
  const file = Buffer.alloc(Math.floor((50 * MB * 3) / 4), 0x5a);
  input.attachments = [{ contentId: 'cid:big', contentType: 'application/zip', content: file }];
  const bytes = buildDocumentPackage(input);
  input.attachments = [];
  expect(bytes.length).toBeGreaterThan(50 * MB);

  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const r = parseDocumentPackage(bytes);
  const elapsed = performance.now() - started;
  const growth = process.memoryUsage().rss - rssBefore;

  expect(r.ok).toBe(true);
  if (!r.ok) return;
  expect(growth).toBeLessThan(bytes.length / 2);
  expect(elapsed).toBeLessThan(2000);
  const { content } = r.value.attachments[0];
  expect(content.length).toBe(Math.ceil(file.length / 3) * 4);
  // Decoding happens only on demand, and gives back the file.
  const decoded = decodeAttachment(bytes, r.value.attachments[0]);
  expect(decoded.ok && decoded.content.equals(file)).toBe(true);
});
