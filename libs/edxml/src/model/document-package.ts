import type { BussinessDocType, ReceiverType } from '../enums/bussiness-doc-type';
import type { Priority } from '../enums/priority';
import type { SteeringType } from '../enums/steering-type';
import type {
  ByteRange,
  Organization,
  ResponseFor,
  SignatureElement,
  StaffInfo,
  TraceHeader,
} from './common';

/** Code of a document: number and notation (`7816` / `VPCP-TTĐT`). */
export interface DocumentCode {
  codeNumber: string;
  codeNotation: string;
}

/** Where and when the document was issued. */
export interface PromulgationInfo {
  place?: string;
  /** Normalised yyyy/MM/dd. */
  promulgationDate: string;
}

/** Kind of document (e.g. Công văn). */
export interface DocumentTypeInfo {
  type?: string;
  typeDetail?: string;
  typeName?: string;
}

/** Who signed the document. */
export interface SignerInfo {
  competence?: string;
  position?: string;
  fullName?: string;
}

/** OtherInfo apart from Priority (which the header carries directly). */
export interface OtherInfo {
  sphereOfPromulgation?: string;
  typerNotation?: string;
  promulgationAmount?: string;
  pageAmount?: string;
  direction?: string;
  appendixes?: string[];
}

/** MessageHeader of a document package. */
export interface DocumentHeader {
  from: Organization;
  /** Every recipient, in document order; OrganIds are unique. */
  to: Organization[];
  documentId: string;
  code: DocumentCode;
  promulgationInfo: PromulgationInfo;
  documentType?: DocumentTypeInfo;
  subject: string;
  content?: string;
  signerInfo?: SignerInfo;
  /** yyyy/MM/dd */
  dueDate?: string;
  toPlaces: string[];
  /** OtherInfo/Priority; absent means normal. */
  priority?: Priority;
  otherInfo?: OtherInfo;
  responseFor: ResponseFor[];
  steeringType?: SteeringType;
}

/** A receiver added or removed by an update (ReceiverList/Receiver). */
export interface Receiver {
  organId: string;
  receiverType: ReceiverType;
}

/** A document replaced, and for whom (ReplacementInfo). */
export interface ReplacementInfo {
  documentId: string;
  organIds: string[];
}

/** TraceHeaderList/Bussiness: what the package does. */
export interface Business {
  bussinessDocType: BussinessDocType;
  /** The document acted on (types 1-3); for type 0 whatever the producer wrote. */
  documentId?: string;
  bussinessDocReason?: string;
  paper?: string;
  staffInfo?: StaffInfo;
  documentInfo?: string;
  documentReceiver?: string;
  /** ReceiverList of an update. */
  receivers: Receiver[];
  /** ReplacementInfoList of a replacement. */
  replacements: ReplacementInfo[];
}

/** One manifest entry (edXMLManifest/Reference). */
export interface ManifestReference {
  /** As written: usually `cid:<id>`. */
  contentId: string;
  contentType?: string;
  description?: string;
  attachmentName?: string;
}

/** The manifest of the body. */
export interface Manifest {
  version?: string;
  references: ManifestReference[];
}

/** An attachment: its metadata and where its base64 content lies in the input bytes (not decoded). */
export interface AttachmentReference {
  contentId: string;
  attachmentName?: string;
  description?: string;
  contentType?: string;
  /** The base64 text of ContentTransferEncoded; decode with `decodeAttachment`. */
  content: ByteRange;
}

/** A parsed document package. */
export interface DocumentPackage {
  kind: 'document';
  header: DocumentHeader;
  traces: TraceHeader[];
  business?: Business;
  signature: SignatureElement;
  manifest?: Manifest;
  attachments: AttachmentReference[];
}
