import type { EdxmlProblemCode } from './problem-code';
import type { BilingualText } from './edxml-problem';

/** Values interpolated into a problem's message. */
export interface ProblemParams {
  path?: string;
  field?: string;
  value?: string;
  expected?: string;
  max?: number;
  actual?: number;
  detail?: string;
}

type Template = (p: ProblemParams) => BilingualText;

const q = (s: string | undefined) => `'${s ?? ''}'`;

const TEMPLATES: Record<EdxmlProblemCode, Template> = {
  EDXML_NOT_WELL_FORMED: (p) => ({
    vi: `Gói tin không phải XML hợp lệ: ${p.detail ?? ''}`,
    en: `The package is not well-formed XML: ${p.detail ?? ''}`,
  }),
  EDXML_NOT_UTF8: (p) => ({
    vi: `Gói tin phải được mã hóa UTF-8 (${p.detail ?? 'byte không hợp lệ'})`,
    en: `The package must be encoded in UTF-8 (${p.detail ?? 'invalid byte sequence'})`,
  }),
  EDXML_DTD_FORBIDDEN: () => ({
    vi: 'Gói tin không được chứa khai báo DOCTYPE/DTD hoặc thực thể (entity)',
    en: 'The package must not contain a DOCTYPE/DTD or entity declarations',
  }),
  EDXML_LIMIT_EXCEEDED: (p) => ({
    vi: `Gói tin vượt giới hạn ${p.field ?? ''}: tối đa ${p.max ?? ''}`,
    en: `The package exceeds the ${p.field ?? ''} limit: at most ${p.max ?? ''}`,
  }),
  EDXML_WRONG_NAMESPACE: (p) => ({
    vi: `Sai không gian tên (namespace) ${q(p.value)} tại ${p.path}; yêu cầu ${q(p.expected)}`,
    en: `Wrong namespace ${q(p.value)} at ${p.path}; expected ${q(p.expected)}`,
  }),
  EDXML_MISSING_ENVELOPE: (p) => ({
    vi: `Không phải gói tin edXML: thiếu ${p.field ?? 'edXMLEnvelope'}`,
    en: `Not an edXML package: ${p.field ?? 'edXMLEnvelope'} is missing`,
  }),
  EDXML_WRONG_PACKAGE_KIND: (p) => ({
    vi: `Sai loại gói tin: yêu cầu gói tin ${p.expected === 'status' ? 'trạng thái' : 'văn bản'}`,
    en: `Wrong kind of package: a ${p.expected ?? ''} package was expected`,
  }),
  EDXML_MISSING_FIELD: (p) => ({
    vi: `Thiếu trường bắt buộc ${p.field ?? ''} tại ${p.path}`,
    en: `Required field ${p.field ?? ''} is missing at ${p.path}`,
  }),
  EDXML_DUPLICATE_FIELD: (p) => ({
    vi: `Trường ${p.field ?? ''} xuất hiện nhiều lần tại ${p.path}`,
    en: `Field ${p.field ?? ''} appears more than once at ${p.path}`,
  }),
  EDXML_FIELD_TOO_LONG: (p) => ({
    vi: `Trường ${p.path} dài ${p.actual} ký tự, tối đa ${p.max}`,
    en: `Field ${p.path} is ${p.actual} characters long; at most ${p.max}`,
  }),
  EDXML_BAD_DATE: (p) => ({
    vi: `Ngày không hợp lệ ${q(p.value)} tại ${p.path}; định dạng yyyy/MM/dd`,
    en: `Invalid date ${q(p.value)} at ${p.path}; expected yyyy/MM/dd`,
  }),
  EDXML_BAD_TIMESTAMP: (p) => ({
    vi: `Thời điểm không hợp lệ ${q(p.value)} tại ${p.path}; định dạng yyyy/MM/dd HH:mm:ss`,
    en: `Invalid timestamp ${q(p.value)} at ${p.path}; expected yyyy/MM/dd HH:mm:ss`,
  }),
  EDXML_BAD_AGENCY_CODE: (p) => ({
    vi: `Mã định danh cơ quan không hợp lệ ${q(p.value)} tại ${p.path}; định dạng V1V2V3.Z1Z2.Y1Y2.X1X2X3`,
    en: `Invalid agency code ${q(p.value)} at ${p.path}; expected V1V2V3.Z1Z2.Y1Y2.X1X2X3`,
  }),
  EDXML_BAD_ENUM_VALUE: (p) => ({
    vi: `Giá trị không hợp lệ ${q(p.value)} tại ${p.path}; cho phép ${p.expected ?? ''}`,
    en: `Invalid value ${q(p.value)} at ${p.path}; allowed ${p.expected ?? ''}`,
  }),
  EDXML_BAD_STATUS_CODE: (p) => ({
    vi: `Mã trạng thái không hợp lệ ${q(p.value)}; cho phép ${p.expected ?? ''}`,
    en: `Invalid status code ${q(p.value)}; allowed ${p.expected ?? ''}`,
  }),
  EDXML_DUPLICATE_RECIPIENT: (p) => ({
    vi: `Cơ quan nhận ${q(p.value)} bị lặp tại ${p.path}`,
    en: `Recipient ${q(p.value)} appears more than once at ${p.path}`,
  }),
  EDXML_ATTACHMENT_MISMATCH: (p) => ({
    vi: `Tệp đính kèm không khớp với danh mục (manifest): ${q(p.value)} ${p.detail ?? ''}`,
    en: `Attachment and manifest do not match: ${q(p.value)} ${p.detail ?? ''}`,
  }),
  EDXML_BAD_CONTENT_ID: (p) => ({
    vi: `ContentId ${q(p.value)} tại ${p.path} phải có dạng cid:<mã>`,
    en: `ContentId ${q(p.value)} at ${p.path} must be written cid:<id>`,
  }),
  EDXML_BAD_ATTACHMENT: (p) => ({
    vi: `Nội dung tệp đính kèm tại ${p.path} không hợp lệ: ${p.detail ?? ''}`,
    en: `Attachment content at ${p.path} is invalid: ${p.detail ?? ''}`,
  }),
  EDXML_MISSING_TARGET_DOCUMENT: (p) => ({
    vi: `Thiếu DocumentId của văn bản bị tác động (thu hồi/cập nhật/thay thế) tại ${p.path}`,
    en: `The DocumentId of the document acted on (revocation/update/replacement) is missing at ${p.path}`,
  }),
  EDXML_STRAY_BYTES_STRIPPED: (p) => ({
    vi: `Đã bỏ ${p.actual} byte thừa trước phần khai báo XML`,
    en: `Removed ${p.actual} stray bytes before the XML declaration`,
  }),
  EDXML_DATE_NORMALISED: (p) => ({
    vi: `Ngày ${q(p.value)} tại ${p.path} đã được chuẩn hóa thành ${q(p.expected)}`,
    en: `Date ${q(p.value)} at ${p.path} was normalised to ${q(p.expected)}`,
  }),
  EDXML_STATUS_CODE_NORMALISED: (p) => ({
    vi: `Mã trạng thái ${q(p.value)} được hiểu là ${q(p.expected)}`,
    en: `Status code ${q(p.value)} was read as ${q(p.expected)}`,
  }),
  EDXML_CONTENT_ID_NORMALISED: (p) => ({
    vi: `ContentId ${q(p.value)} tại ${p.path} thiếu tiền tố cid:, đã đối chiếu không phân biệt`,
    en: `ContentId ${q(p.value)} at ${p.path} lacks the cid: prefix; matched without it`,
  }),
  EDXML_TARGET_FROM_RESPONSE_FOR: (p) => ({
    vi: `Thiếu Bussiness/DocumentId; dùng ResponseFor/DocumentId ${q(p.value)} làm văn bản bị tác động`,
    en: `Bussiness/DocumentId is missing; ResponseFor/DocumentId ${q(p.value)} is taken as the target document`,
  }),
};

/** The bilingual message of a problem code, with its parameters filled in. */
export function problemMessage(code: EdxmlProblemCode, params: ProblemParams): BilingualText {
  return TEMPLATES[code](params);
}
