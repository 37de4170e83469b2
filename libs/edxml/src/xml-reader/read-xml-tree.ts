import { isUtf8 } from 'node:buffer';
import { SaxesParser, type SaxesAttributeNS, type SaxesTagNS } from 'saxes';
import type { SignatureElement, SignatureNamespace } from '../model/common';
import { EDXML_NAMESPACE, XMLDSIG_NAMESPACE } from '../namespaces';
import type { ResolvedParseOptions } from '../options/parse-options';
import type { ProblemCollector } from '../problems/problem-collector';
import type { EdxmlProblemCode } from '../problems/problem-code';
import type { ProblemParams } from '../problems/problem-messages';
import { chunkEnd, countNewlines, firstInvalidUtf8 } from './utf8';
import { elementPath, type XmlElement } from './xml-element';

/** What the streaming reader hands to the package readers. */
export interface XmlTree {
  root: XmlElement;
  signature: SignatureElement;
}

// Bytes fed to saxes at a time: small enough to bound what saxes buffers, large enough to be fast.
const CHUNK_BYTES = 64 * 1024;
const LT = 0x3c;

/** Thrown inside saxes handlers to stop parsing at once; never escapes this module. */
class StopParsing extends Error {}

/**
 * Reads the package bytes with saxes into a compact element tree, enforcing the limits while
 * reading. Attachment content (ContentTransferEncoded) is not handed to saxes at all: the reader
 * jumps over it with a byte search and records its byte range, so tens of MB of base64 are neither
 * decoded nor copied. The Signature subtree is recorded as a byte range too. Returns undefined after
 * recording the problems when the package cannot be read.
 */
export function readXmlTree(
  bytes: Buffer,
  options: ResolvedParseOptions,
  problems: ProblemCollector,
): XmlTree | undefined {
  return new XmlTreeReader(bytes, options, problems).read();
}

class XmlTreeReader {
  private readonly parser = new SaxesParser({ xmlns: true, position: true });
  private readonly limits: ResolvedParseOptions['limits'];
  private root: XmlElement | undefined;
  private current: XmlElement | undefined;
  private depth = 0;
  private elementCount = 0;
  private attachmentCount = 0;
  private signature: SignatureElement = { present: false };
  // Depth at which the Signature element opened while we are inside it (its subtree is not kept).
  private signatureDepth = 0;
  private attachmentContent: XmlElement | undefined;
  // Mapping from saxes' string positions back to input bytes, for the current chunk.
  private chunkText = '';
  private chunkStartChar = 0;
  private chunkStartByte = 0;
  private chunkAscii = true;
  private lineDelta = 0;
  private lastEventByte = 0;

  constructor(
    private readonly bytes: Buffer,
    options: ResolvedParseOptions,
    private readonly problems: ProblemCollector,
  ) {
    this.limits = options.limits;
  }

  read(): XmlTree | undefined {
    const { bytes, limits } = this;
    if (bytes.length > limits.maxBytes) {
      return this.fail('EDXML_LIMIT_EXCEEDED', {
        field: 'maxBytes',
        max: limits.maxBytes,
        actual: bytes.length,
      });
    }
    const start = this.skipProlog();
    if (start < 0) return undefined;
    this.listen();
    const guard = 4 * Math.max(limits.maxTextLength, limits.maxAttributeLength) + 2 * CHUNK_BYTES;
    try {
      let pos = start;
      let fedChars = 0;
      while (pos < bytes.length) {
        const end = chunkEnd(bytes, pos, Math.min(bytes.length, pos + CHUNK_BYTES));
        const text = this.decode(pos, end);
        if (text === undefined) return undefined;
        this.chunkText = text;
        this.chunkStartChar = fedChars;
        this.chunkStartByte = pos;
        this.chunkAscii = text.length === end - pos;
        fedChars += text.length;
        this.parser.write(text);
        pos = end;
        if (this.attachmentContent) pos = this.skipAttachmentContent(pos);
        if (pos - this.lastEventByte > guard) {
          return this.fail('EDXML_LIMIT_EXCEEDED', { field: 'maxTextLength', max: limits.maxTextLength });
        }
      }
      this.parser.close();
    } catch (e) {
      if (e instanceof StopParsing) return undefined;
      throw e;
    }
    if (!this.root) return this.fail('EDXML_NOT_WELL_FORMED', { detail: 'no root element' });
    return { root: this.root, signature: this.signature };
  }

  /**
   * Strips a BOM; strips (lenient) or rejects (strict) stray bytes before the XML declaration (or,
   * without one, before the first `<`).
   */
  private skipProlog(): number {
    const { bytes } = this;
    let start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    // The junk some gateways prepend may itself contain `<`: look for the declaration first.
    const declarationAt = bytes.subarray(start, start + 4096).indexOf('<?xml');
    const firstLt = declarationAt >= 0 ? start + declarationAt : bytes.indexOf(LT, start);
    if (firstLt < 0) {
      this.fail('EDXML_NOT_WELL_FORMED', { detail: 'no XML content' });
      return -1;
    }
    if (firstLt > start) {
      const leading = bytes.subarray(start, firstLt);
      const onlySpace = leading.every((b) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d);
      if (!onlySpace || declarationAt >= 0) {
        const location = { path: '/', line: 1, column: 1 };
        if (this.problems.level === 'strict') {
          this.problems.error('EDXML_NOT_WELL_FORMED', location, {
            detail: 'content before the XML declaration',
          });
          return -1;
        }
        this.problems.warning('EDXML_STRAY_BYTES_STRIPPED', location, { actual: firstLt - start });
        this.lineDelta = countNewlines(bytes, start, firstLt);
        start = firstLt;
      }
    }
    this.lastEventByte = start;
    return this.checkDeclaration(start) ? start : -1;
  }

  /** Only UTF-8 is accepted: refuses a declaration that names another encoding. */
  private checkDeclaration(start: number): boolean {
    const head = this.bytes.toString('latin1', start, Math.min(this.bytes.length, start + 256));
    const encoding = /^<\?xml\s[^>]*?encoding\s*=\s*["']([^"']*)["']/.exec(head)?.[1];
    if (encoding === undefined || /^utf-?8$/i.test(encoding)) return true;
    this.problems.error(
      'EDXML_NOT_UTF8',
      { path: '/', line: 1 + this.lineDelta, column: 1 },
      { detail: `declared encoding ${encoding}` },
    );
    return false;
  }

  private decode(start: number, end: number): string | undefined {
    // Decoding replaces bad sequences with U+FFFD; only then is the (slower) validation needed,
    // since U+FFFD may also be written on purpose.
    const text = this.bytes.toString('utf8', start, end);
    if (text.indexOf('\uFFFD') < 0 || isUtf8(this.bytes.subarray(start, end))) return text;
    const bad = firstInvalidUtf8(this.bytes, start, end);
    const at = bad < 0 ? start : bad;
    this.problems.error(
      'EDXML_NOT_UTF8',
      { path: this.path(), line: countNewlines(this.bytes, 0, at) + 1 },
      { detail: `byte offset ${at}` },
    );
    return undefined;
  }

  /** Jumps from `pos` to the next `<`: the rest of the base64 text, never given to saxes. */
  private skipAttachmentContent(pos: number): number {
    const next = this.bytes.indexOf(LT, pos);
    const stop = next < 0 ? this.bytes.length : next;
    this.lineDelta += countNewlines(this.bytes, pos, stop);
    this.lastEventByte = stop;
    return stop;
  }

  private listen(): void {
    // Keep to six handlers: saxes stores each as a property added after construction, and a seventh
    // pushes its parser objects into V8's slow dictionary mode: every parse in the process then runs
    // about 4x slower (measured). The XML declaration is therefore checked in checkDeclaration().
    const p = this.parser;
    p.on('error', (err) =>
      this.stop('EDXML_NOT_WELL_FORMED', { detail: err.message.replace(/^\d+:\d+: /, '') }),
    );
    p.on('doctype', () => this.stop('EDXML_DTD_FORBIDDEN'));
    p.on('opentag', (tag) => this.openTag(tag));
    p.on('closetag', () => this.closeTag());
    p.on('text', (text) => this.addText(text));
    p.on('cdata', (text) => this.addText(text));
  }

  private openTag(tag: SaxesTagNS): void {
    const { limits } = this;
    this.lastEventByte = this.chunkStartByte;
    this.depth++;
    if (this.depth > limits.maxDepth)
      this.stop('EDXML_LIMIT_EXCEEDED', { field: 'maxDepth', max: limits.maxDepth });
    if (++this.elementCount > limits.maxElements) {
      this.stop('EDXML_LIMIT_EXCEEDED', { field: 'maxElements', max: limits.maxElements });
    }
    const attributes = this.readAttributes(tag.attributes as Record<string, SaxesAttributeNS>);
    if (this.signatureDepth > 0) {
      this.signature.hasContent = true;
      return;
    }
    const parent = this.current;
    if (this.attachmentContent)
      this.stop('EDXML_BAD_ATTACHMENT', { detail: 'markup inside attachment content' });
    if (!parent) this.checkRoot(tag);
    else if (tag.local === 'Signature' && parent.name === 'edXMLHeader' && !this.signature.present) {
      // Kept out of the tree: signature verification reads the element from the input bytes.
      this.openSignature(tag);
      return;
    } else if (tag.uri !== EDXML_NAMESPACE) this.foreignNamespace(tag, parent);
    const element: XmlElement = {
      name: tag.local,
      uri: tag.uri,
      parent,
      children: [],
      text: '',
      line: this.parser.line + this.lineDelta,
      column: this.parser.column,
      attributes,
      contentRange: undefined,
    };
    if (parent) {
      parent.children.push(element);
      parent.text = '';
    } else this.root = element;
    if (
      tag.local === 'Attachment' &&
      parent?.name === 'AttachmentEncoded' &&
      ++this.attachmentCount > limits.maxAttachments
    ) {
      this.stop('EDXML_LIMIT_EXCEEDED', { field: 'maxAttachments', max: limits.maxAttachments });
    }
    // saxes reports a self-closing tag as an open and a close: the close pops it again.
    this.current = element;
    if (tag.local === 'ContentTransferEncoded' && parent?.name === 'Attachment') {
      element.contentRange = { offset: this.byteAt(this.parser.position), length: 0 };
      if (!tag.isSelfClosing) this.attachmentContent = element;
    }
  }

  private closeTag(): void {
    this.lastEventByte = this.chunkStartByte;
    this.depth--;
    if (this.signatureDepth > 0) {
      if (this.depth >= this.signatureDepth) return;
      // The Signature element itself closes: its range ends after `>`.
      this.signatureDepth = 0;
      const range = this.signature.range;
      if (range) range.length = this.byteAt(this.parser.position) - range.offset;
      return;
    }
    const closing = this.current;
    const range = closing?.contentRange;
    if (closing && closing === this.attachmentContent && range) {
      // The content ends at the `<` of this close tag.
      const lt = this.bytes.lastIndexOf(LT, this.byteAt(this.parser.position) - 1);
      // Any earlier `<` is a comment, CDATA section or PI: the range would not be plain base64.
      if (this.bytes.indexOf(LT, range.offset) !== lt) {
        this.stop('EDXML_BAD_ATTACHMENT', { detail: 'markup inside attachment content' });
      }
      range.length = Math.max(0, lt - range.offset);
      this.attachmentContent = undefined;
    }
    this.current = closing?.parent;
  }

  private addText(text: string): void {
    const el = this.current;
    // edXML has no mixed content: text beside child elements is indentation, not worth keeping.
    if (!el || this.signatureDepth > 0 || el === this.attachmentContent || el.children.length > 0) return;
    el.text += text;
    if (el.text.length > this.limits.maxTextLength) {
      this.stop('EDXML_LIMIT_EXCEEDED', { field: 'maxTextLength', max: this.limits.maxTextLength });
    }
  }

  private openSignature(tag: SaxesTagNS): void {
    const end = this.byteAt(this.parser.position);
    const offset = this.bytes.lastIndexOf(LT, end - 1);
    const namespace: SignatureNamespace =
      tag.uri === XMLDSIG_NAMESPACE
        ? 'xmldsig'
        : tag.uri === EDXML_NAMESPACE
          ? 'edxml'
          : tag.uri === ''
            ? 'none'
            : 'other';
    this.signature = {
      present: true,
      namespace,
      namespaceUri: tag.uri,
      range: { offset, length: end - offset },
      hasContent: false,
    };
    this.signatureDepth = this.depth;
  }

  private checkRoot(tag: SaxesTagNS): void {
    if (tag.local !== 'edXML') this.stop('EDXML_MISSING_ENVELOPE', { field: 'edXML' }, `/${tag.local}`);
    if (tag.uri !== EDXML_NAMESPACE) {
      this.stop('EDXML_WRONG_NAMESPACE', { value: tag.uri, expected: EDXML_NAMESPACE }, '/edXML');
    }
  }

  private foreignNamespace(tag: SaxesTagNS, parent: XmlElement): void {
    const location = { path: `${elementPath(parent)}/${tag.local}`, line: this.parser.line + this.lineDelta };
    this.problems.byLevel('EDXML_WRONG_NAMESPACE', location, { value: tag.uri, expected: EDXML_NAMESPACE });
  }

  private readAttributes(attributes: Record<string, SaxesAttributeNS>): Record<string, string> | undefined {
    let out: Record<string, string> | undefined;
    let count = 0;
    for (const key in attributes) {
      const attr = attributes[key];
      if (++count > this.limits.maxAttributesPerElement) {
        this.stop('EDXML_LIMIT_EXCEEDED', {
          field: 'maxAttributesPerElement',
          max: this.limits.maxAttributesPerElement,
        });
      }
      if (attr.value.length > this.limits.maxAttributeLength) {
        this.stop('EDXML_LIMIT_EXCEEDED', {
          field: 'maxAttributeLength',
          max: this.limits.maxAttributeLength,
        });
      }
      if (attr.prefix === 'xmlns' || attr.name === 'xmlns') continue;
      (out ??= {})[attr.local] = attr.value;
    }
    return out;
  }

  /** Byte offset in the input of a saxes string position inside the current chunk. */
  private byteAt(charPosition: number): number {
    const rel = charPosition - this.chunkStartChar;
    if (this.chunkAscii) return this.chunkStartByte + rel;
    return this.chunkStartByte + Buffer.byteLength(this.chunkText.slice(0, rel), 'utf8');
  }

  private path(): string {
    return this.current ? elementPath(this.current) : '/';
  }

  private fail(code: EdxmlProblemCode, params?: ProblemParams): undefined {
    this.problems.error(
      code,
      { path: this.path(), line: this.parser.line + this.lineDelta, column: this.parser.column },
      params,
    );
    return undefined;
  }

  private stop(code: EdxmlProblemCode, params?: ProblemParams, path?: string): never {
    const location = {
      path: path ?? this.path(),
      line: this.parser.line + this.lineDelta,
      column: this.parser.column,
    };
    this.problems.error(code, location, params);
    throw new StopParsing();
  }
}
