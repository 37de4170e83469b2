/**
 * Security limits, enforced while the package is being read (never after): a hostile package is
 * stopped as soon as it crosses one of them.
 */
export interface ParseLimits {
  /** Largest package accepted, in bytes (checked before anything is decoded). */
  maxBytes: number;
  /** Deepest element nesting. edXML needs about 12 levels including the XML-DSig Signature. */
  maxDepth: number;
  /** Most elements in the whole package (header, signature and attachment wrappers). */
  maxElements: number;
  /** Most attributes on one element. */
  maxAttributesPerElement: number;
  /** Longest attribute value, in characters. */
  maxAttributeLength: number;
  /** Longest text of one element, in characters (attachment content is not text: see below). */
  maxTextLength: number;
  /** Most attachments in AttachmentEncoded. */
  maxAttachments: number;
}

/** Defaults sized for real packages (tens of MB of attachments, headers of a few KB). */
export const DEFAULT_PARSE_LIMITS: Readonly<ParseLimits> = Object.freeze({
  maxBytes: 64 * 1024 * 1024,
  maxDepth: 64,
  maxElements: 50_000,
  maxAttributesPerElement: 32,
  maxAttributeLength: 4096,
  maxTextLength: 1024 * 1024,
  maxAttachments: 500,
});
