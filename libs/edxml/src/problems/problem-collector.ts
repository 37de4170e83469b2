import type { ValidationLevel } from '../options/parse-options';
import { createProblem, type EdxmlProblem, type ProblemLocation } from './edxml-problem';
import type { EdxmlProblemCode } from './problem-code';
import type { ProblemParams } from './problem-messages';

// A hostile package could produce one problem per element; a hundred are plenty to act on.
const MAX_PROBLEMS = 100;

/** Gathers the errors and warnings of one parse. */
export class ProblemCollector {
  readonly errors: EdxmlProblem[] = [];
  readonly warnings: EdxmlProblem[] = [];

  constructor(readonly level: ValidationLevel) {}

  /** Records a problem that rejects the package at every level. */
  error(code: EdxmlProblemCode, location: ProblemLocation, params?: ProblemParams): void {
    if (this.errors.length < MAX_PROBLEMS) this.errors.push(createProblem(code, 'error', location, params));
  }

  /** Records a normalisation that was applied. */
  warning(code: EdxmlProblemCode, location: ProblemLocation, params?: ProblemParams): void {
    if (this.warnings.length < MAX_PROBLEMS)
      this.warnings.push(createProblem(code, 'warning', location, params));
  }

  /**
   * Records a departure from the regulation that the lenient level tolerates: an error under
   * `strict`, a warning (with `lenientCode` if given) under `lenient`.
   */
  byLevel(
    code: EdxmlProblemCode,
    location: ProblemLocation,
    params?: ProblemParams,
    lenientCode: EdxmlProblemCode = code,
  ): void {
    if (this.level === 'strict') this.error(code, location, params);
    else this.warning(lenientCode, location, params);
  }

  get hasErrors(): boolean {
    return this.errors.length > 0;
  }
}
