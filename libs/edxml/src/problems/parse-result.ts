import type { EdxmlProblem } from './edxml-problem';

/**
 * What a parse returns: the typed package with the warnings (lenient normalisations), or every
 * problem found. Parsing never throws for bad input: every failure is one of these results.
 */
export type ParseResult<T> =
  | { ok: true; value: T; warnings: EdxmlProblem[] }
  | { ok: false; errors: EdxmlProblem[]; warnings: EdxmlProblem[] };
