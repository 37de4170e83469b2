// Test-only helpers (not exported from the library): small valid models and their packages.
import type { DocumentPackageInput } from '../build/build-document-package';
import type { StatusPackageInput } from '../build/build-status-package';
import { BussinessDocType } from '../enums/bussiness-doc-type';
import { Priority } from '../enums/priority';
import { StatusCode } from '../enums/status-code';
import { SteeringType } from '../enums/steering-type';

/** A new-document package model from the Government Office to two provinces, with one attachment. */
export function sampleDocumentInput(): DocumentPackageInput {
  return {
    header: {
      from: { organId: '000.00.00.G22', organName: 'Văn phòng Chính phủ', email: 'vpcp@gov.vn' },
      to: [
        { organId: '000.00.00.H41', organName: 'UBND Tỉnh Nghệ An' },
        { organId: '000.00.00.H29', organName: 'UBND TP Hồ Chí Minh' },
      ],
      documentId: '000.00.00.G22,2024/05/06,123/VPCP-TTĐT',
      code: { codeNumber: '123', codeNotation: 'VPCP-TTĐT' },
      promulgationInfo: { place: 'Hà Nội', promulgationDate: '2024/05/06' },
      documentType: { type: '1', typeName: 'Công văn' },
      subject: 'V/v kết nối, liên thông phần mềm quản lý văn bản',
      toPlaces: ['Các bộ, cơ quan ngang bộ'],
      priority: Priority.Urgent,
      responseFor: [],
      steeringType: SteeringType.NotSteering,
    },
    traces: [{ organId: '000.00.00.G22', timestamp: '2024/05/06 08:30:00' }],
    business: { bussinessDocType: BussinessDocType.New, paper: '0', receivers: [], replacements: [] },
    attachments: [
      {
        contentId: 'cid:1',
        attachmentName: 'cong-van.pdf',
        contentType: 'application/pdf',
        content: Buffer.from('%PDF-1.7 test'),
      },
    ],
  };
}

/** A status 03 (accepted) from Nghệ An about the sample document. */
export function sampleStatusInput(): StatusPackageInput {
  return {
    header: {
      from: { organId: '000.00.00.H41', organName: 'UBND Tỉnh Nghệ An' },
      responseFor: {
        organId: '000.00.00.G22',
        code: '123/VPCP-TTĐT',
        promulgationDate: '2024/05/06',
        documentId: '000.00.00.G22,2024/05/06,123/VPCP-TTĐT',
      },
      staffInfo: { department: 'Văn thư', staff: 'Nguyễn Thị Ngọc Trâm' },
      statusCode: StatusCode.Accepted,
      description: 'Đã tiếp nhận',
      timestamp: '2024/05/06 09:00:00',
    },
  };
}

/** Replaces the first occurrence of `search` in a package's text. */
export function editPackage(bytes: Buffer, search: string | RegExp, replacement: string): Buffer {
  const text = bytes.toString('utf8');
  const edited = text.replace(search, replacement);
  if (edited === text) throw new Error(`editPackage: ${String(search)} not found`);
  return Buffer.from(edited, 'utf8');
}
