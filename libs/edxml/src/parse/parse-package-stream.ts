import type { DocumentPackage } from '../model/document-package';
import type { StatusPackage } from '../model/status-package';
import { DEFAULT_PARSE_LIMITS } from '../options/parse-limits';
import type { ParseOptions } from '../options/parse-options';
import type { ParseResult } from '../problems/parse-result';
import { parseDocumentPackage } from './parse-document-package';
import { parsePackage } from './parse-package';
import { parseStatusPackage } from './parse-status-package';
import { readPackageStream } from './read-package-stream';

/** A parse of a streamed upload, with the collected bytes that attachment and signature ranges point into. */
export interface StreamParse<T> {
  /** Undefined when the upload was refused before it was complete (over `maxBytes`). */
  bytes?: Buffer;
  result: ParseResult<T>;
}

type Parser<T> = (bytes: Buffer, options?: ParseOptions) => ParseResult<T>;

async function parseStream<T>(
  source: AsyncIterable<Uint8Array | string>,
  parse: Parser<T>,
  options?: ParseOptions,
): Promise<StreamParse<T>> {
  const collected = await readPackageStream(
    source,
    options?.limits?.maxBytes ?? DEFAULT_PARSE_LIMITS.maxBytes,
  );
  if (!collected.ok) return { result: collected };
  return { bytes: collected.value, result: parse(collected.value, options) };
}

/** {@link parseDocumentPackage} for a streamed upload (a Node `Readable` or any async iterable). */
export function parseDocumentPackageStream(
  source: AsyncIterable<Uint8Array | string>,
  options?: ParseOptions,
): Promise<StreamParse<DocumentPackage>> {
  return parseStream(source, parseDocumentPackage, options);
}

/** {@link parseStatusPackage} for a streamed upload. */
export function parseStatusPackageStream(
  source: AsyncIterable<Uint8Array | string>,
  options?: ParseOptions,
): Promise<StreamParse<StatusPackage>> {
  return parseStream(source, parseStatusPackage, options);
}

/** {@link parsePackage} for a streamed upload. */
export function parsePackageStream(
  source: AsyncIterable<Uint8Array | string>,
  options?: ParseOptions,
): Promise<StreamParse<DocumentPackage | StatusPackage>> {
  return parseStream(source, parsePackage, options);
}
