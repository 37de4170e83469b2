import type { StatusCode } from '../enums/status-code';
import type { Organization, ResponseFor, SignatureElement, StaffInfo, TraceHeader } from './common';

/** MessageHeader of a status package. */
export interface StatusHeader {
  /** The agency reporting the status. */
  from: Organization;
  /** The document the status is about; organId (its sender) and documentId are always present. */
  responseFor: ResponseFor & { organId: string; documentId: string };
  staffInfo?: StaffInfo;
  statusCode: StatusCode;
  /** What the package actually said when the code was normalised (e.g. `14`). */
  statusCodeNormalisedFrom?: string;
  description?: string;
  /** yyyy/MM/dd HH:mm:ss, Vietnam time. */
  timestamp: string;
}

/** A parsed status package. */
export interface StatusPackage {
  kind: 'status';
  header: StatusHeader;
  traces: TraceHeader[];
  signature: SignatureElement;
}
