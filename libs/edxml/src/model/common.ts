/** A span of the input buffer: `bytes.subarray(offset, offset + length)`. */
export interface ByteRange {
  offset: number;
  length: number;
}

/** An agency as written in From, To (OrganId and contact details). */
export interface Organization {
  organId: string;
  organizationInCharge?: string;
  organName?: string;
  organAdd?: string;
  email?: string;
  telephone?: string;
  fax?: string;
  website?: string;
}

/** The officer who handled a document or a status (StaffInfo). */
export interface StaffInfo {
  department?: string;
  staff?: string;
  mobile?: string;
  email?: string;
}

/** The document a package answers or acts on (ResponseFor). */
export interface ResponseFor {
  organId?: string;
  /** The document's code as one string, e.g. `7816/VPCP-TTĐT`. */
  code?: string;
  /** yyyy/MM/dd */
  promulgationDate?: string;
  documentId?: string;
}

/** One hop of the package's route (TraceHeader). */
export interface TraceHeader {
  organId: string;
  /** yyyy/MM/dd HH:mm:ss, Vietnam time (UTC+07:00). */
  timestamp: string;
}

/** Which namespace the envelope Signature element was written in. */
export type SignatureNamespace = 'xmldsig' | 'edxml' | 'none' | 'other';

/** The raw envelope Signature element, for signature verification to read from the input bytes. */
export interface SignatureElement {
  present: boolean;
  namespace?: SignatureNamespace;
  namespaceUri?: string;
  /** From `<Signature` to the end of `</Signature>` in the input bytes. */
  range?: ByteRange;
  /** False for an empty placeholder `<Signature/>`. */
  hasContent?: boolean;
}
