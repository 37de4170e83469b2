import type { XmlElement } from '../xml-reader/xml-element';
import type { FieldReader } from './field-reader';

/** The fixed frame of every package: envelope, header, MessageHeader, and what sits beside them. */
export interface EnvelopeParts {
  header: XmlElement;
  messageHeader: XmlElement;
  traceHeaderList?: XmlElement;
  body?: XmlElement;
  attachmentEncoded?: XmlElement;
}

/** Finds the envelope parts; reports EDXML_MISSING_ENVELOPE when the frame is not there. */
export function readEnvelope(f: FieldReader, root: XmlElement): EnvelopeParts | undefined {
  const envelope = f.child(root, 'edXMLEnvelope');
  const header = envelope && f.child(envelope, 'edXMLHeader');
  const messageHeader = header && f.child(header, 'MessageHeader');
  if (!envelope || !header || !messageHeader) {
    const field = !envelope ? 'edXMLEnvelope' : !header ? 'edXMLHeader' : 'MessageHeader';
    f.problems.error(
      'EDXML_MISSING_ENVELOPE',
      { path: f.at(header ?? envelope ?? root).path, line: root.line },
      { field },
    );
    return undefined;
  }
  return {
    header,
    messageHeader,
    traceHeaderList: f.child(header, 'TraceHeaderList'),
    body: f.child(envelope, 'edXMLBody'),
    attachmentEncoded: f.child(root, 'AttachmentEncoded'),
  };
}

/** True when the MessageHeader is a status package's (it carries StatusCode). */
export function isStatusHeader(messageHeader: XmlElement): boolean {
  return messageHeader.children.some((c) => c.name === 'StatusCode');
}
