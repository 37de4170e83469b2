import type { DocumentPackage } from '../model/document-package';
import { resolveParseOptions, type ParseOptions } from '../options/parse-options';
import { ProblemCollector } from '../problems/problem-collector';
import type { ParseResult } from '../problems/parse-result';
import { FieldReader } from '../package-reader/field-reader';
import { matchAttachments, readAttachments, readManifest } from '../package-reader/read-attachments';
import { readBusiness } from '../package-reader/read-business';
import { readTraces } from '../package-reader/read-common';
import { readDocumentHeader } from '../package-reader/read-document-header';
import { isStatusHeader, readEnvelope } from '../package-reader/read-envelope';
import { readXmlTree, type XmlTree } from '../xml-reader/read-xml-tree';
import { asBuffer, type PackageBytes } from './package-bytes';
import { definedOnly } from '../package-reader/assign-defined';

/**
 * Parses and validates a document package (gói tin văn bản). Never throws for bad input: returns
 * the typed package with the warnings, or every problem found, each with a stable code, the element
 * path and line, and a Vietnamese and English message. Attachments are returned as byte ranges into
 * `bytes` (see `decodeAttachment`), so keep `bytes` as long as you need them.
 */
export function parseDocumentPackage(
  bytes: PackageBytes,
  options?: ParseOptions,
): ParseResult<DocumentPackage> {
  const resolved = resolveParseOptions(options);
  const problems = new ProblemCollector(resolved.level);
  const input = asBuffer(bytes);
  const tree = readXmlTree(input, resolved, problems);
  const value = tree && readDocumentTree(tree, new FieldReader(problems, resolved));
  return toResult(value, problems);
}

/** Reads a document package out of an element tree (shared with `parsePackage`). */
export function readDocumentTree(tree: XmlTree, f: FieldReader): DocumentPackage | undefined {
  const parts = readEnvelope(f, tree.root);
  if (!parts) return undefined;
  if (isStatusHeader(parts.messageHeader)) {
    f.problems.error('EDXML_WRONG_PACKAGE_KIND', f.at(parts.messageHeader), { expected: 'document' });
    return undefined;
  }
  const header = readDocumentHeader(f, parts.messageHeader);
  const manifest = readManifest(f, parts.body);
  const attachments = readAttachments(f, parts.attachmentEncoded);
  matchAttachments(f, manifest, attachments, parts.attachmentEncoded);
  return definedOnly<DocumentPackage>({
    kind: 'document',
    header,
    traces: readTraces(f, parts.traceHeaderList),
    business: readBusiness(f, parts.traceHeaderList, header.responseFor),
    signature: tree.signature,
    manifest,
    attachments,
  });
}

/** Turns what was read and the problems into a result. */
export function toResult<T>(value: T | undefined, problems: ProblemCollector): ParseResult<T> {
  if (value === undefined || problems.hasErrors) {
    return { ok: false, errors: problems.errors, warnings: problems.warnings };
  }
  return { ok: true, value, warnings: problems.warnings };
}
