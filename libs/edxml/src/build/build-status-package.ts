import type { TraceHeader } from '../model/common';
import type { StatusHeader } from '../model/status-package';
import { EDXML_NAMESPACE } from '../namespaces';
import type { BuildOptions } from './build-document-package';
import { openRoot, writeOrganization, writeResponseFor, writeStaffInfo, writeTraces } from './write-common';
import { XmlWriter } from './xml-writer';

/** What {@link buildStatusPackage} writes. */
export interface StatusPackageInput {
  header: StatusHeader;
  traces?: TraceHeader[];
}

/**
 * Writes a canonical status package. The status code is written as given (never the legacy `14`);
 * `statusCodeNormalisedFrom` is a reading note and is not written.
 */
export function buildStatusPackage(input: StatusPackageInput, options: BuildOptions = {}): Buffer {
  const h = input.header;
  const w = new XmlWriter();
  openRoot(w, EDXML_NAMESPACE);
  w.open('edXMLEnvelope').open('edXMLHeader').open('MessageHeader');
  writeOrganization(w, 'From', h.from);
  writeResponseFor(w, h.responseFor);
  writeStaffInfo(w, h.staffInfo);
  w.leaf('StatusCode', h.statusCode).leaf('Description', h.description).leaf('Timestamp', h.timestamp);
  w.close('MessageHeader');
  const traces = input.traces ?? [];
  if (traces.length > 0) {
    w.open('TraceHeaderList');
    writeTraces(w, traces);
    w.close('TraceHeaderList');
  }
  if (options.signatureXml) w.raw(`${options.signatureXml}\n`);
  w.close('edXMLHeader').close('edXMLEnvelope');
  w.raw('</edXML>\n');
  return w.toBuffer();
}
