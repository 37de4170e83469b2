import type { DocumentPackage } from '../model/document-package';
import type { StatusPackage } from '../model/status-package';
import { resolveParseOptions, type ParseOptions } from '../options/parse-options';
import { FieldReader } from '../package-reader/field-reader';
import { isStatusHeader } from '../package-reader/read-envelope';
import { ProblemCollector } from '../problems/problem-collector';
import type { ParseResult } from '../problems/parse-result';
import { readXmlTree } from '../xml-reader/read-xml-tree';
import { asBuffer, type PackageBytes } from './package-bytes';
import { readDocumentTree, toResult } from './parse-document-package';
import { readStatusTree } from './parse-status-package';

/**
 * Parses a package of either kind, telling them apart by the MessageHeader (a status package carries
 * StatusCode). For intake, where the `messagetype` header may be missing or wrong.
 */
export function parsePackage(
  bytes: PackageBytes,
  options?: ParseOptions,
): ParseResult<DocumentPackage | StatusPackage> {
  const resolved = resolveParseOptions(options);
  const problems = new ProblemCollector(resolved.level);
  const tree = readXmlTree(asBuffer(bytes), resolved, problems);
  if (!tree) return toResult<DocumentPackage | StatusPackage>(undefined, problems);
  const f = new FieldReader(problems, resolved);
  const mh = tree.root.children
    .find((c) => c.name === 'edXMLEnvelope')
    ?.children.find((c) => c.name === 'edXMLHeader')
    ?.children.find((c) => c.name === 'MessageHeader');
  const value = mh && isStatusHeader(mh) ? readStatusTree(tree, f) : readDocumentTree(tree, f);
  return toResult<DocumentPackage | StatusPackage>(value, problems);
}
