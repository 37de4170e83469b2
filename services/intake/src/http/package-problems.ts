import { EdxmlProblem } from '@lt/edxml';
import { ProblemError } from '@lt/runtime';

/** A problem as agencies read it in answers: code, element path, line, message in both languages. */
export interface PackageProblemView {
  code: string;
  path: string;
  line?: number;
  column?: number;
  message: { vi: string; en: string };
}

export function problemView(p: EdxmlProblem): PackageProblemView {
  return { code: p.code, path: p.path, line: p.line, column: p.column, message: p.message };
}

/** 422 with every edXML problem; the problem's own code is the first error's (e.g. EDXML_NOT_WELL_FORMED). */
export function packageRejected(errors: EdxmlProblem[], warnings: EdxmlProblem[]): ProblemError {
  const first = errors[0];
  return new ProblemError(
    422,
    first?.code ?? 'EDXML_INVALID',
    'The package is not a valid edXML document',
    'Gói tin edXML không hợp lệ',
    first?.message.en,
    { detailVi: first?.message.vi, errors: errors.map(problemView), warnings: warnings.map(problemView) },
  );
}

/** 403 FROM_NOT_CALLER: an agency may act only as itself. */
export function fromNotCaller(from: string, caller: string): ProblemError {
  return new ProblemError(
    403,
    'FROM_NOT_CALLER',
    'The package is from another agency than the caller',
    'Đơn vị gửi trong gói tin không phải là cơ quan đang xác thực',
    `From/OrganId is ${from}, the caller is ${caller}`,
  );
}
