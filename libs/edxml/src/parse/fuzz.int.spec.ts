// Bounded, seeded fuzz run: random byte and element mutations of the real corpus. Every outcome must
// be a result (never an exception), every problem a known code, and no parse may hang.
import { realWorldPackages } from '@lt/testing';
import { decodeAttachment } from '../attachments/decode-attachment';
import { isEdxmlProblemCode } from '../problems/problem-code';
import { parsePackage } from './parse-package';

const CASES = 3000;
const SEED = 0x1ed0c;

/** mulberry32: a small seeded PRNG so that any failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INTERESTING = [
  '<',
  '>',
  '&',
  '"',
  '/',
  '<!DOCTYPE x>',
  '<![CDATA[',
  ']]>',
  '<?xml ?>',
  '\u0000',
  'xmlns="urn:x"',
  'cid:',
  '14',
];

function mutate(bytes: Buffer, rand: () => number): Buffer {
  const pick = (n: number) => Math.floor(rand() * n);
  // Most packages are attachments: aim most mutations at the header, where the structure is.
  const headerEnd = Math.min(
    bytes.length,
    bytes.indexOf('AttachmentEncoded') > 0 ? bytes.indexOf('AttachmentEncoded') : bytes.length,
  );
  const at = rand() < 0.85 ? pick(headerEnd) : pick(bytes.length);
  switch (pick(7)) {
    case 0: {
      const out = Buffer.from(bytes);
      for (let i = 0, n = 1 + pick(8); i < n; i++) out[(at + pick(64)) % out.length] = pick(256);
      return out;
    }
    case 1:
      return Buffer.concat([
        bytes.subarray(0, at),
        Buffer.from(INTERESTING[pick(INTERESTING.length)]),
        bytes.subarray(at),
      ]);
    case 2:
      return Buffer.concat([
        bytes.subarray(0, at),
        bytes.subarray(Math.min(bytes.length, at + 1 + pick(200))),
      ]);
    case 3:
      return bytes.subarray(0, at);
    case 4: {
      // Duplicate or drop one whole element of the header.
      const text = bytes.toString('utf8');
      const elements = [...text.slice(0, headerEnd).matchAll(/<(edXML:)?(\w+)>[^<]*<\/(edXML:)?\2>/g)];
      if (elements.length === 0) return bytes;
      const m = elements[pick(elements.length)];
      const replacement = rand() < 0.5 ? '' : m[0] + m[0];
      return Buffer.from(text.slice(0, m.index) + replacement + text.slice((m.index ?? 0) + m[0].length));
    }
    case 5: {
      // Swap two slices of the header.
      const a = pick(headerEnd);
      const b = pick(headerEnd);
      const [lo, hi] = a < b ? [a, b] : [b, a];
      const len = Math.min(1 + pick(100), hi - lo);
      return Buffer.concat([
        bytes.subarray(0, lo),
        bytes.subarray(hi, hi + len),
        bytes.subarray(lo + len, hi),
        bytes.subarray(lo, lo + len),
        bytes.subarray(hi + len),
      ]);
    }
    default: {
      // Stray bytes in front, as some gateways send.
      const junk = Buffer.from(Array.from({ length: 1 + pick(8) }, () => pick(256)));
      return Buffer.concat([junk, bytes]);
    }
  }
}

it(`fuzz: ${CASES} seeded mutations of the corpus end in a result with known codes, never a crash or hang`, () => {
  const corpus = realWorldPackages();
  const rand = prng(SEED);
  const outcomes = { ok: 0, rejected: 0 };
  let slowest = 0;
  for (let i = 0; i < CASES; i++) {
    const source = corpus[Math.floor(rand() * corpus.length)];
    let bytes = mutate(source.bytes, rand);
    if (rand() < 0.3) bytes = mutate(bytes, rand);
    const level = rand() < 0.5 ? 'strict' : 'lenient';
    const started = performance.now();
    let result;
    try {
      result = parsePackage(bytes, { level });
    } catch (e) {
      throw new Error(`case ${i} (seed ${SEED}, from ${source.name}) threw: ${String(e)}`);
    }
    slowest = Math.max(slowest, performance.now() - started);
    const problems = [...(result.ok ? [] : result.errors), ...result.warnings];
    for (const p of problems) {
      if (!isEdxmlProblemCode(p.code) || !p.message.vi || !p.message.en) {
        throw new Error(`case ${i}: unclassified problem ${JSON.stringify(p)}`);
      }
    }
    if (result.ok) {
      outcomes.ok++;
      if (result.value.kind === 'document') {
        // Attachment ranges must stay inside the input, and decoding must not throw either.
        for (const a of result.value.attachments) {
          expect(a.content.offset + a.content.length).toBeLessThanOrEqual(bytes.length);
          decodeAttachment(bytes, a);
        }
      }
    } else {
      outcomes.rejected++;
      expect(result.errors.length).toBeGreaterThan(0);
    }
  }
  expect(slowest).toBeLessThan(1000);
  // The mutations must exercise both outcomes, or the run proves little.
  expect(outcomes.ok).toBeGreaterThan(CASES / 20);
  expect(outcomes.rejected).toBeGreaterThan(CASES / 4);
});
