import type { EdxmlProblemCode } from './problem-code';
import { problemMessage, type ProblemParams } from './problem-messages';

/** Whether a problem rejects the package (`error`) or only records a normalisation (`warning`). */
export type ProblemSeverity = 'error' | 'warning';

/** A message an agency reads, in Vietnamese and English. */
export interface BilingualText {
  vi: string;
  en: string;
}

/** Where in the package a problem is: the element path (local names) and the line/column (1-based). */
export interface ProblemLocation {
  path: string;
  line?: number;
  column?: number;
}

/** One precise problem found in a package. */
export interface EdxmlProblem extends ProblemLocation {
  code: EdxmlProblemCode;
  severity: ProblemSeverity;
  message: BilingualText;
}

/** Builds a problem with its bilingual message from the code's template. */
export function createProblem(
  code: EdxmlProblemCode,
  severity: ProblemSeverity,
  location: ProblemLocation,
  params: ProblemParams = {},
): EdxmlProblem {
  return { code, severity, ...location, message: problemMessage(code, { path: location.path, ...params }) };
}
