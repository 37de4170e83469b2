/** A date or timestamp as read: the normalised value and, when it had to be rewritten, the original. */
export interface DateReading {
  value: string;
  normalisedFrom?: string;
}

const CANONICAL_DATE = /^(\d{4})\/(\d{2})\/(\d{2})$/;
const DAY_FIRST_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CANONICAL_TIME = /^(\d{2}):(\d{2}):(\d{2})$/;

/** True for a date that exists in the Gregorian calendar (2014/02/30 does not). */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= days;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * Reads a date: `yyyy/MM/dd` as is; `dd/MM/yyyy` and `yyyy-MM-dd` (seen in the wild) are normalised to
 * `yyyy/MM/dd` and say so. Undefined when the text is no date or the date does not exist.
 */
export function readDate(raw: string): DateReading | undefined {
  let m = CANONICAL_DATE.exec(raw);
  if (m) return isCalendarDate(+m[1], +m[2], +m[3]) ? { value: raw } : undefined;
  let y: number, mo: number, d: number;
  if ((m = DAY_FIRST_DATE.exec(raw))) [d, mo, y] = [+m[1], +m[2], +m[3]];
  else if ((m = ISO_DATE.exec(raw))) [y, mo, d] = [+m[1], +m[2], +m[3]];
  else return undefined;
  if (!isCalendarDate(y, mo, d)) return undefined;
  return { value: `${pad(y, 4)}/${pad(mo)}/${pad(d)}`, normalisedFrom: raw };
}

/** Reads a timestamp `yyyy/MM/dd HH:mm:ss` (Vietnam time); the date part is read like {@link readDate}. */
export function readTimestamp(raw: string): DateReading | undefined {
  const space = raw.search(/[ T]/);
  if (space < 0) return undefined;
  const date = readDate(raw.slice(0, space));
  const time = CANONICAL_TIME.exec(raw.slice(space + 1));
  if (!date || !time || +time[1] > 23 || +time[2] > 59 || +time[3] > 59) return undefined;
  const value = `${date.value} ${raw.slice(space + 1)}`;
  return value === raw ? { value } : { value, normalisedFrom: raw };
}
