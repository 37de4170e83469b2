const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\r': '&#13;',
};

/** Escapes character data and attribute values. */
export function escapeXml(value: string): string {
  return value.replace(/[&<>"\r]/g, (c) => ESCAPES[c]);
}

/**
 * Writes indented XML with every element in the `edXML:` prefix, the way the agency SDK does.
 * Undefined values are skipped, so optional fields simply do not appear.
 */
export class XmlWriter {
  private readonly parts: string[] = [];
  private depth = 0;

  constructor(private readonly prefix = 'edXML:') {}

  /** Opens an element. */
  open(name: string, attributes: Record<string, string | undefined> = {}): this {
    this.parts.push(`${this.indent()}<${this.prefix}${name}${attrs(attributes)}>\n`);
    this.depth++;
    return this;
  }

  /** Closes the element opened last with this name. */
  close(name: string): this {
    this.depth--;
    this.parts.push(`${this.indent()}</${this.prefix}${name}>\n`);
    return this;
  }

  /** Writes `<name>value</name>` when the value is defined. */
  leaf(name: string, value: string | number | undefined): this {
    if (value === undefined) return this;
    this.parts.push(
      `${this.indent()}<${this.prefix}${name}>${escapeXml(String(value))}</${this.prefix}${name}>\n`,
    );
    return this;
  }

  /** Appends text that is already XML (the root, a Signature, base64). */
  raw(xml: string): this {
    this.parts.push(xml);
    return this;
  }

  /** The document as UTF-8 bytes. */
  toBuffer(): Buffer {
    return Buffer.from(this.parts.join(''), 'utf8');
  }

  private indent(): string {
    return '  '.repeat(this.depth);
  }
}

function attrs(attributes: Record<string, string | undefined>): string {
  let out = '';
  for (const [k, v] of Object.entries(attributes)) if (v !== undefined) out += ` ${k}="${escapeXml(v)}"`;
  return out;
}
