import type { ByteRange } from '../model/common';

/**
 * A compact element of the package header, as the streaming reader keeps it. Attachment content and
 * the Signature subtree are not kept: they are recorded as byte ranges instead.
 */
export interface XmlElement {
  /** Local name (prefix removed: `edXML:From` and `From` are the same element). */
  name: string;
  /** Namespace URI ('' for none). */
  uri: string;
  parent: XmlElement | undefined;
  children: XmlElement[];
  /** Concatenated character data directly inside this element (untrimmed). */
  text: string;
  /** 1-based line and column where the start tag ends. */
  line: number;
  column: number;
  /** Attributes by local name, only when the element has any. */
  attributes?: Record<string, string>;
  /** For ContentTransferEncoded: where its base64 text lies in the input. */
  contentRange?: ByteRange;
}

/** The element's path from the root, with `[n]` (1-based) where a name repeats among siblings. */
export function elementPath(element: XmlElement): string {
  const parts: string[] = [];
  for (let el: XmlElement | undefined = element; el; el = el.parent) {
    const { name } = el;
    const siblings = el.parent?.children.filter((c) => c.name === name);
    const index = siblings && siblings.length > 1 ? `[${siblings.indexOf(el) + 1}]` : '';
    parts.push(`${name}${index}`);
  }
  return `/${parts.reverse().join('/')}`;
}

/** The path of a child that is missing, for "missing field" problems. */
export function childPath(parent: XmlElement, name: string): string {
  return `${elementPath(parent)}/${name}`;
}
