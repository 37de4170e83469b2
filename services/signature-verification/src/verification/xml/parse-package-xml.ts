import { DOMParser, type Document } from '@xmldom/xmldom';
import { SignatureRejection } from '../signature-verdict';

/**
 * Parses package bytes into a DOM for signature checking. A DOCTYPE is refused outright (no DTD,
 * no entity expansion, no external fetch can happen) and any well-formedness error rejects the
 * package: xmldom 0.9 is strict (0.8 silently repaired a mismatched end tag). The locator is off:
 * line/column tracking doubles the parse time and the error message suffices.
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
  let doc: Document;
  try {
    doc = new DOMParser({
      locator: false,
      onError: (level, message) => {
        if (level !== 'warning')
          throw new SignatureRejection(
            'SIG_INVALID',
            `package is not well-formed XML: ${firstLine(message)}`,
          );
      },
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

function firstLine(message: string): string {
  return (
    message
      .split('\n')
      .find((line) => line.trim().length > 0)
      ?.trim() ?? message
  );
}
