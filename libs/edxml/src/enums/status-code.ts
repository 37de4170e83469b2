import type { BilingualLabel } from './bilingual-label';

/** Business status codes of a status package (QCVN 102:2016). */
export enum StatusCode {
  Arrived = '01',
  Refused = '02',
  Accepted = '03',
  Assigned = '04',
  InProgress = '05',
  Completed = '06',
  RecallRequested = '13',
  ChangeAgreed = '15',
  ChangeRefused = '16',
}

/** Labels of every status code. */
export const STATUS_CODE_LABELS: Readonly<Record<StatusCode, BilingualLabel>> = {
  [StatusCode.Arrived]: { vi: 'Đã đến', en: 'Arrived' },
  [StatusCode.Refused]: { vi: 'Từ chối tiếp nhận', en: 'Refused' },
  [StatusCode.Accepted]: { vi: 'Đã tiếp nhận', en: 'Accepted' },
  [StatusCode.Assigned]: { vi: 'Phân công', en: 'Assigned' },
  [StatusCode.InProgress]: { vi: 'Đang xử lý', en: 'In progress' },
  [StatusCode.Completed]: { vi: 'Hoàn thành', en: 'Completed' },
  [StatusCode.RecallRequested]: { vi: 'Yêu cầu lấy lại', en: 'Recall requested' },
  [StatusCode.ChangeAgreed]: { vi: 'Đồng ý lấy lại / cập nhật', en: 'Recall or update agreed' },
  [StatusCode.ChangeRefused]: { vi: 'Từ chối lấy lại / cập nhật', en: 'Recall or update refused' },
};

const BY_VALUE = new Map<string, StatusCode>(Object.values(StatusCode).map((c) => [c, c]));

/** Codes that one SDK sends where another was meant; read as the mapped code, with a warning. */
const ALIASES: Readonly<Record<string, StatusCode>> = { '14': StatusCode.ChangeAgreed };

/** Result of reading a status code: the code, and what was written when it had to be normalised. */
export interface StatusCodeReading {
  code: StatusCode;
  normalisedFrom?: string;
}

/**
 * Reads a status code as written in a package. `14` is read as `15`; a single digit (`5`) is read as
 * `05`. Both report `normalisedFrom`. Returns undefined for anything else.
 */
export function readStatusCode(raw: string): StatusCodeReading | undefined {
  const exact = BY_VALUE.get(raw);
  if (exact) return { code: exact };
  const padded = /^\d$/.test(raw) ? `0${raw}` : raw;
  const code = BY_VALUE.get(padded) ?? ALIASES[padded];
  return code ? { code, normalisedFrom: raw } : undefined;
}

/** True for statuses after which nothing more is expected (refused, completed). */
export function isTerminalStatus(code: StatusCode): boolean {
  return code === StatusCode.Refused || code === StatusCode.Completed;
}
