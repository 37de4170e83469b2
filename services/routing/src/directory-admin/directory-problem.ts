import { ProblemError } from '@lt/runtime';
import { DirectoryRuleError } from '../directory/directory-rule-error';
import { DirectoryQueryError } from '../directory-queries/directory-queries';

/**
 * Runs a directory command or query and answers a broken rule or a bad query as problem+json with
 * its stable code.
 */
export async function answeringRuleErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DirectoryRuleError) {
      throw new ProblemError(error.status, error.code, error.title, error.titleVi, error.detail, {
        fields: error.fields,
      });
    }
    if (error instanceof DirectoryQueryError) {
      throw new ProblemError(400, error.code, 'The query is invalid', 'Truy vấn không hợp lệ', error.message);
    }
    throw error;
  }
}
