import { DOMParser } from '@xmldom/xmldom';
import { SaxesParser } from 'saxes';
import { SignatureRejection } from '../signature-verdict';

/**
 * Parses package bytes into a DOM for signature checking. A DOCTYPE is refused outright (no DTD,
 * no entity expansion, no external fetch can happen); any well-formedness error rejects the package.
 * Bytes before the first `<` (a BOM, stray bytes some producers emit) are not part of the XML
 * document, are covered by no signature, and are skipped.
 */
export function parsePackageXml(bytes: Buffer): Document {
  const text = bytes.toString('utf8');
  const start = text.indexOf('<');
  if (start < 0) throw new SignatureRejection('SIG_INVALID', 'package is not XML: no markup found');
  const xml = start === 0 ? text : text.slice(start);
  const rootStart = xml.search(/<[A-Za-z_]/);
  const prolog = rootStart < 0 ? xml : xml.slice(0, rootStart);
  if (/<!DOCTYPE|<!ENTITY/i.test(prolog)) {
    throw new SignatureRejection('SIG_INVALID', 'package declares a DTD; DTDs and entities are not accepted');
  }
  const fail = (message: string) => {
    throw new SignatureRejection('SIG_INVALID', `package is not well-formed XML: ${firstLine(message)}`);
  };
  // xmldom repairs some errors (a mismatched end tag) silently: a strict pass with saxes decides well-formedness.
  const strictError = wellFormednessError(xml);
  if (strictError) fail(strictError);
  let doc: Document;
  try {
    doc = new DOMParser({
      locator: {},
      errorHandler: { warning: () => undefined, error: fail, fatalError: fail },
    }).parseFromString(xml, 'text/xml') as unknown as Document;
  } catch (error) {
    if (error instanceof SignatureRejection) throw error;
    throw new SignatureRejection(
      'SIG_INVALID',
      `package is not well-formed XML: ${firstLine(String(error))}`,
    );
  }
  if (!doc?.documentElement) throw new SignatureRejection('SIG_INVALID', 'package has no root element');
  return doc;
}

function wellFormednessError(xml: string): string | undefined {
  const parser = new SaxesParser({ xmlns: true });
  let first: string | undefined;
  parser.on('error', (error) => {
    first ??= error.message;
  });
  parser.write(xml).close();
  return first;
}

function firstLine(message: string): string {
  return (
    message
      .split('\n')
      .find((line) => line.trim().length > 0)
      ?.trim() ?? message
  );
}
