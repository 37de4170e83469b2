/**
 * An error answered as RFC 9457 problem+json. `code` is stable and machine-readable (agencies'
 * software switches on it); `title` is English, `titleVi` Vietnamese.
 */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly titleVi: string,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ? `${code}: ${detail}` : code);
  }
}

/** Problems the HTTP layer itself raises, before any service logic runs. */
export const HTTP_PROBLEMS: Record<number, { code: string; title: string; titleVi: string }> = {
  400: { code: 'BAD_REQUEST', title: 'The request is malformed', titleVi: 'Yêu cầu không hợp lệ' },
  401: { code: 'UNAUTHENTICATED', title: 'Authentication is required', titleVi: 'Cần xác thực' },
  403: { code: 'FORBIDDEN', title: 'Not allowed', titleVi: 'Không được phép' },
  404: { code: 'NOT_FOUND', title: 'No such resource', titleVi: 'Không tìm thấy tài nguyên' },
  405: { code: 'METHOD_NOT_ALLOWED', title: 'Method not allowed', titleVi: 'Phương thức không được hỗ trợ' },
  408: { code: 'REQUEST_TIMEOUT', title: 'The request took too long', titleVi: 'Yêu cầu quá thời gian' },
  409: { code: 'CONFLICT', title: 'Conflicting request', titleVi: 'Yêu cầu xung đột' },
  413: {
    code: 'PAYLOAD_TOO_LARGE',
    title: 'The body exceeds the size limit',
    titleVi: 'Dữ liệu gửi vượt quá giới hạn',
  },
  415: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    title: 'Unsupported content type',
    titleVi: 'Kiểu nội dung không được hỗ trợ',
  },
  429: { code: 'RATE_LIMITED', title: 'Too many requests', titleVi: 'Quá nhiều yêu cầu' },
  500: { code: 'INTERNAL_ERROR', title: 'Internal error', titleVi: 'Lỗi hệ thống' },
  503: { code: 'UNAVAILABLE', title: 'Temporarily unavailable', titleVi: 'Hệ thống tạm thời không sẵn sàng' },
};
