import { parseAgencyCode } from '../agency-code/agency-code';
import { readSmallInteger } from '../enums/numeric-enum';
import type { ResolvedParseOptions } from '../options/parse-options';
import type { ProblemLocation } from '../problems/edxml-problem';
import type { ProblemCollector } from '../problems/problem-collector';
import { childPath, elementPath, type XmlElement } from '../xml-reader/xml-element';
import { readDate, readTimestamp } from './dates';

/** How a text field is read. */
export interface FieldSpec {
  required?: boolean;
  /** Maximum length in characters (QCVN 102 field sizes). */
  max?: number;
}

/**
 * Reads typed fields out of header elements, order-independently, recording precise problems.
 * Empty elements count as absent (producers write `<OrganAdd/>` for "unknown").
 */
export class FieldReader {
  constructor(
    readonly problems: ProblemCollector,
    readonly options: ResolvedParseOptions,
  ) {}

  /** Where an element is. */
  at(element: XmlElement): ProblemLocation {
    return { path: elementPath(element), line: element.line, column: element.column };
  }

  /** Every child with this local name, in document order. */
  children(parent: XmlElement, name: string): XmlElement[] {
    return parent.children.filter((c) => c.name === name);
  }

  /** The child with this local name; a repeated single-valued field is reported (strict) or the first taken. */
  child(parent: XmlElement, name: string): XmlElement | undefined {
    let found: XmlElement | undefined;
    for (const c of parent.children) {
      if (c.name !== name) continue;
      if (!found) found = c;
      else {
        this.problems.byLevel('EDXML_DUPLICATE_FIELD', this.at(c), { field: name });
        break;
      }
    }
    return found;
  }

  /** Reports a missing required child. */
  missing(parent: XmlElement, name: string): void {
    this.problems.error(
      'EDXML_MISSING_FIELD',
      { path: childPath(parent, name), line: parent.line },
      { field: name },
    );
  }

  /** The trimmed text of an element, or undefined when empty; checks the length. */
  value(element: XmlElement, max?: number): string | undefined {
    const text = element.text.trim();
    if (text === '') return undefined;
    if (max !== undefined && text.length > max) {
      this.problems.byLevel('EDXML_FIELD_TOO_LONG', this.at(element), { max, actual: text.length });
    }
    return text;
  }

  /** The element and its trimmed text, or undefined (reporting it when required) if absent or empty. */
  field(parent: XmlElement, name: string, required = false): { el: XmlElement; raw: string } | undefined {
    const el = this.child(parent, name);
    const raw = el && this.value(el);
    if (el && raw !== undefined) return { el, raw };
    if (required) this.missing(parent, name);
    return undefined;
  }

  /** A text field of `parent`. */
  text(parent: XmlElement, name: string, spec: FieldSpec = {}): string | undefined {
    const el = this.child(parent, name);
    const value = el && this.value(el, spec.max);
    if (value === undefined && spec.required) this.missing(parent, name);
    return value;
  }

  /** A date field, normalised to yyyy/MM/dd. */
  date(parent: XmlElement, name: string, required = false): string | undefined {
    const found = this.field(parent, name, required);
    if (!found) return undefined;
    const { el, raw } = found;
    const reading = readDate(raw);
    if (!reading) {
      this.problems.error('EDXML_BAD_DATE', this.at(el), { value: raw });
      return undefined;
    }
    if (reading.normalisedFrom !== undefined) {
      this.problems.byLevel(
        'EDXML_BAD_DATE',
        this.at(el),
        { value: raw, expected: reading.value },
        'EDXML_DATE_NORMALISED',
      );
    }
    return reading.value;
  }

  /** A timestamp field, normalised to yyyy/MM/dd HH:mm:ss. */
  timestamp(parent: XmlElement, name: string, required = false): string | undefined {
    const found = this.field(parent, name, required);
    if (!found) return undefined;
    const { el, raw } = found;
    const reading = readTimestamp(raw);
    if (!reading) {
      this.problems.error('EDXML_BAD_TIMESTAMP', this.at(el), { value: raw });
      return undefined;
    }
    if (reading.normalisedFrom !== undefined) {
      this.problems.byLevel(
        'EDXML_BAD_TIMESTAMP',
        this.at(el),
        { value: raw, expected: reading.value },
        'EDXML_DATE_NORMALISED',
      );
    }
    return reading.value;
  }

  /** An agency code field, checked against the configured format policy. */
  agencyCode(parent: XmlElement, name: string, required = false): string | undefined {
    const found = this.field(parent, name, required);
    if (found) this.checkAgencyCode(found.el, found.raw);
    return found?.raw;
  }

  /** Checks an agency code: outside the format is an error under strict, a warning under lenient. */
  checkAgencyCode(element: XmlElement, code: string): void {
    if (parseAgencyCode(code, 'strict')) return;
    if (this.options.agencyCodePolicy === 'lenient' && parseAgencyCode(code, 'lenient')) {
      this.problems.warning('EDXML_BAD_AGENCY_CODE', this.at(element), { value: code });
    } else {
      this.problems.error('EDXML_BAD_AGENCY_CODE', this.at(element), { value: code });
    }
  }

  /** A small integer code restricted to `allowed` values (Priority, SteeringType, ...). */
  enumValue<T extends number>(
    parent: XmlElement,
    name: string,
    allowed: readonly T[],
    required = false,
  ): T | undefined {
    const found = this.field(parent, name, required);
    if (!found) return undefined;
    const { el, raw } = found;
    const n = readSmallInteger(raw);
    if (n === undefined || !(allowed as readonly number[]).includes(n)) {
      this.problems.error('EDXML_BAD_ENUM_VALUE', this.at(el), { value: raw, expected: allowed.join(', ') });
      return undefined;
    }
    return n as T;
  }
}
