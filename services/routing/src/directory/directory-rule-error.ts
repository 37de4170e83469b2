/** Stable codes of directory rule violations; the HTTP layer answers them as problem+json. */
export type DirectoryRuleCode =
  | 'AGENCY_INVALID'
  | 'AGENCY_CODE_FORMAT'
  | 'AGENCY_EXISTS'
  | 'AGENCY_UNKNOWN'
  | 'AGENCY_RETIRED'
  | 'AGENCY_NOT_ACTIVE'
  | 'AGENCY_NOT_SUSPENDED'
  | 'PARENT_UNKNOWN'
  | 'SUCCESSOR_UNKNOWN'
  | 'EFFECTIVE_DATE_TOO_EARLY';

/** A field that failed validation, named as in the request. */
export interface FieldProblem {
  field: string;
  message: string;
}

const TITLES: Record<DirectoryRuleCode, [status: number, en: string, vi: string]> = {
  AGENCY_INVALID: [422, 'The agency data is invalid', 'Dữ liệu cơ quan không hợp lệ'],
  AGENCY_CODE_FORMAT: [
    422,
    'The agency code is not in the accepted format',
    'Mã định danh không đúng định dạng',
  ],
  AGENCY_EXISTS: [409, 'The agency code is already registered', 'Mã định danh đã được đăng ký'],
  AGENCY_UNKNOWN: [404, 'No agency has this code', 'Không tìm thấy cơ quan có mã định danh này'],
  AGENCY_RETIRED: [409, 'The agency code is retired', 'Mã định danh đã ngừng sử dụng'],
  AGENCY_NOT_ACTIVE: [409, 'The agency is not active', 'Cơ quan không ở trạng thái hoạt động'],
  AGENCY_NOT_SUSPENDED: [409, 'The agency is not suspended', 'Cơ quan không ở trạng thái tạm dừng'],
  PARENT_UNKNOWN: [422, 'The parent agency is not registered', 'Cơ quan cấp trên chưa được đăng ký'],
  SUCCESSOR_UNKNOWN: [422, 'The successor agency is not registered', 'Cơ quan kế thừa chưa được đăng ký'],
  EFFECTIVE_DATE_TOO_EARLY: [
    409,
    'The change would take effect before the agency’s latest version',
    'Ngày hiệu lực sớm hơn phiên bản hiện hành của cơ quan',
  ],
};

/** A command the directory refuses; `code` is stable, the titles are for people. */
export class DirectoryRuleError extends Error {
  override readonly name = 'DirectoryRuleError';
  readonly status: number;
  readonly title: string;
  readonly titleVi: string;

  constructor(
    readonly code: DirectoryRuleCode,
    readonly detail: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(`${code}: ${detail}`);
    [this.status, this.title, this.titleVi] = TITLES[code];
  }
}
