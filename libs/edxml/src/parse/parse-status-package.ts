import type { StatusPackage } from '../model/status-package';
import { resolveParseOptions, type ParseOptions } from '../options/parse-options';
import { FieldReader } from '../package-reader/field-reader';
import { readTraces } from '../package-reader/read-common';
import { isStatusHeader, readEnvelope } from '../package-reader/read-envelope';
import { readStatusHeader } from '../package-reader/read-status-header';
import { ProblemCollector } from '../problems/problem-collector';
import type { ParseResult } from '../problems/parse-result';
import { readXmlTree, type XmlTree } from '../xml-reader/read-xml-tree';
import { asBuffer, type PackageBytes } from './package-bytes';
import { toResult } from './parse-document-package';

/**
 * Parses and validates a status package (gói tin trạng thái). Never throws for bad input; status
 * code 14 is read as 15 with an EDXML_STATUS_CODE_NORMALISED warning.
 */
export function parseStatusPackage(bytes: PackageBytes, options?: ParseOptions): ParseResult<StatusPackage> {
  const resolved = resolveParseOptions(options);
  const problems = new ProblemCollector(resolved.level);
  const tree = readXmlTree(asBuffer(bytes), resolved, problems);
  const value = tree && readStatusTree(tree, new FieldReader(problems, resolved));
  return toResult(value, problems);
}

/** Reads a status package out of an element tree (shared with `parsePackage`). */
export function readStatusTree(tree: XmlTree, f: FieldReader): StatusPackage | undefined {
  const parts = readEnvelope(f, tree.root);
  if (!parts) return undefined;
  if (!isStatusHeader(parts.messageHeader)) {
    f.problems.error('EDXML_WRONG_PACKAGE_KIND', f.at(parts.messageHeader), { expected: 'status' });
    return undefined;
  }
  return {
    kind: 'status',
    header: readStatusHeader(f, parts.messageHeader),
    traces: readTraces(f, parts.traceHeaderList),
    signature: tree.signature,
  };
}
