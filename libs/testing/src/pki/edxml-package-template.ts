import { createHash } from 'node:crypto';

/** What goes into a test edXML package built by {@link buildEdxmlPackage}. */
export interface EdxmlPackageOptions {
  fromCode?: string;
  toCodes?: string[];
  documentId?: string;
  subject?: string;
  /** Size in bytes of the (binary) attachment before base64; default 4 KB (a ~10 KB package). */
  attachmentBytes?: number;
}

/**
 * Builds a minimal but realistic unsigned edXML package (shape of the SDK packages in
 * `shared/conformance/edxml/real-world`): default and `edXML:` prefixed namespace, MessageHeader,
 * TraceHeaderList, manifest, one base64 attachment. The header has no Signature yet.
 */
export function buildEdxmlPackage(options: EdxmlPackageOptions = {}): string {
  const from = options.fromCode ?? '000.00.00.G22';
  const to = options.toCodes ?? ['000.00.00.H41'];
  const documentId = options.documentId ?? `${from},2025/09/30,7816/VPCP-TTĐT`;
  const subject = options.subject ?? 'V/v triển khai liên thông văn bản điện tử (gói tin kiểm thử)';
  const attachment = base64Lines(deterministicBytes(options.attachmentBytes ?? 4096));
  const organ = (tag: string, code: string) => `
        <edXML:${tag}>
          <edXML:OrganId>${code}</edXML:OrganId>
          <edXML:OrganizationInCharge>Cơ quan ${code}</edXML:OrganizationInCharge>
          <edXML:OrganName>Cơ quan ${code}</edXML:OrganName>
          <edXML:OrganAdd>Số 1 Hoàng Hoa Thám, Ba Đình, Hà Nội</edXML:OrganAdd>
          <edXML:Email>vanthu@${code.replace(/\./g, '')}.gov.vn</edXML:Email>
        </edXML:${tag}>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">
  <edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">
    <edXML:edXMLHeader>
      <edXML:MessageHeader>${organ('From', from)}${to.map((code) => organ('To', code)).join('')}
        <edXML:DocumentId>${documentId}</edXML:DocumentId>
        <edXML:Code>
          <edXML:CodeNumber>7816</edXML:CodeNumber>
          <edXML:CodeNotation>VPCP-TTĐT</edXML:CodeNotation>
        </edXML:Code>
        <edXML:PromulgationInfo>
          <edXML:Place>Hà Nội</edXML:Place>
          <edXML:PromulgationDate>2025/09/30</edXML:PromulgationDate>
        </edXML:PromulgationInfo>
        <edXML:DocumentType>
          <edXML:Type>1</edXML:Type>
          <edXML:TypeName>Công văn</edXML:TypeName>
        </edXML:DocumentType>
        <edXML:Subject>${subject}</edXML:Subject>
        <edXML:SteeringType>1</edXML:SteeringType>
      </edXML:MessageHeader>
      <edXML:TraceHeaderList>
        <edXML:TraceHeader>
          <edXML:OrganId>${from}</edXML:OrganId>
          <edXML:Timestamp>2025/09/30 08:15:00</edXML:Timestamp>
        </edXML:TraceHeader>
        <edXML:Bussiness>
          <edXML:BussinessDocType>0</edXML:BussinessDocType>
          <edXML:Paper>0</edXML:Paper>
        </edXML:Bussiness>
      </edXML:TraceHeaderList>
    </edXML:edXMLHeader>
    <edXML:edXMLBody>
      <edXML:edXMLManifest version="1.0">
        <edXML:Reference>
          <edXML:ContentId>cid:1</edXML:ContentId>
          <edXML:ContentType>application/pdf</edXML:ContentType>
          <edXML:Description>7816-VPCP-TTDT.pdf</edXML:Description>
          <edXML:AttachmentName>7816-VPCP-TTDT.pdf</edXML:AttachmentName>
        </edXML:Reference>
      </edXML:edXMLManifest>
    </edXML:edXMLBody>
  </edXML:edXMLEnvelope>
  <AttachmentEncoded>
    <Attachment>
      <ContentId>cid:1</ContentId>
      <AttachmentName>7816-VPCP-TTDT.pdf</AttachmentName>
      <Description>7816-VPCP-TTDT.pdf</Description>
      <ContentType>application/pdf</ContentType>
      <ContentTransferEncoded>${attachment}</ContentTransferEncoded>
    </Attachment>
  </AttachmentEncoded>
</edXML>
`;
}

/** Raw attachment size that makes a package of about `packageBytes` (base64 adds a third, plus ~3.5 KB of XML). */
export function attachmentBytesForPackageSize(packageBytes: number): number {
  return Math.max(0, Math.floor(((packageBytes - 3500) * 3) / 4 / (77 / 76)));
}

/** Pseudo-random but reproducible bytes (SHA-256 in counter mode), so packages are stable across runs. */
function deterministicBytes(size: number): Buffer {
  const out = Buffer.alloc(size);
  for (let offset = 0, counter = 0; offset < size; counter++) {
    const block = createHash('sha256').update(`attachment-${counter}`).digest();
    offset += block.copy(out, offset);
  }
  return out;
}

/** Base64 in 76-character lines, as MIME encoders and the agency SDKs write it. */
function base64Lines(bytes: Buffer): string {
  return (bytes.toString('base64').match(/.{1,76}/g) ?? []).join('\n');
}
