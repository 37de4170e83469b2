import { DEFAULT_PARSE_LIMITS } from '../options/parse-limits';
import { createProblem } from '../problems/edxml-problem';
import type { ParseResult } from '../problems/parse-result';

/**
 * Collects a streamed upload (a Node `Readable` or any async iterable of bytes) into one Buffer,
 * stopping as soon as it grows past `maxBytes`: an oversized body is rejected after reading at most
 * `maxBytes` of it, and the rest is never buffered. Parse the result with `parseDocumentPackage`.
 */
export async function readPackageStream(
  source: AsyncIterable<Uint8Array | string>,
  maxBytes: number = DEFAULT_PARSE_LIMITS.maxBytes,
): Promise<ParseResult<Buffer>> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of source) {
    const buf =
      typeof chunk === 'string'
        ? Buffer.from(chunk, 'utf8')
        : Buffer.isBuffer(chunk)
          ? chunk
          : Buffer.from(chunk);
    total += buf.length;
    if (total > maxBytes) {
      // Stop pulling: breaking out of for-await returns (destroys) a Readable source.
      const problem = createProblem(
        'EDXML_LIMIT_EXCEEDED',
        'error',
        { path: '/' },
        { field: 'maxBytes', max: maxBytes },
      );
      return { ok: false, errors: [problem], warnings: [] };
    }
    chunks.push(buf);
  }
  return { ok: true, value: Buffer.concat(chunks, total), warnings: [] };
}
