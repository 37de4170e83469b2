import { parseCsv } from './parse-csv';

/**
 * The national list, one row per agency: its profile as it should be, plus its status. JSON imports
 * are `{ "agencies": [row, ...] }` (or a bare array) with rows shaped like the operator API's
 * agency; CSV imports have a header line naming these columns (any order, unknown columns refused).
 */
export const CSV_COLUMNS = [
  'code',
  'code20',
  'name',
  'shortName',
  'parentCode',
  'level',
  'groupLetter',
  'email',
  'telephone',
  'address',
  'website',
  'deliveryMode',
  'deliveryEndpoint',
  'signaturePolicy',
  'validFrom',
  'status',
  'validTo',
  'successorCode',
  'reason',
  'effectiveFrom',
] as const;

/** Row fields beyond the agency profile: the status the agency should have after the import. */
export const IMPORT_STATUS_FIELDS: ReadonlySet<string> = new Set([
  'status',
  'validTo',
  'successorCode',
  'reason',
  'effectiveFrom',
]);

export type ImportRow = Record<string, unknown>;

/** A body the import cannot read at all (not a list, bad CSV header). */
export class ImportFormatError extends Error {
  override readonly name = 'ImportFormatError';
}

/** Reads a JSON import body into rows. */
export function rowsFromJson(body: unknown): ImportRow[] {
  const list = Array.isArray(body) ? body : (body as { agencies?: unknown } | null)?.agencies;
  if (!Array.isArray(list)) throw new ImportFormatError('a JSON import is { "agencies": [...] } or an array');
  list.forEach((row, i) => {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      throw new ImportFormatError(`row ${i + 1} is not an object`);
    }
  });
  return list as ImportRow[];
}

/** Reads a CSV import body into rows shaped like JSON rows (contact and delivery nested). */
export function rowsFromCsv(text: string): ImportRow[] {
  let table: string[][];
  try {
    table = parseCsv(text);
  } catch (error) {
    throw new ImportFormatError((error as Error).message);
  }
  const [header, ...lines] = table;
  if (!header) throw new ImportFormatError('the CSV is empty');
  const columns = header.map((h) => h.trim());
  const unknown = columns.filter((c) => !(CSV_COLUMNS as readonly string[]).includes(c));
  if (unknown.length) throw new ImportFormatError(`unknown CSV columns: ${unknown.join(', ')}`);
  if (!columns.includes('code')) throw new ImportFormatError('the CSV has no code column');
  return lines.map((cells, i) => {
    if (cells.length !== columns.length) {
      throw new ImportFormatError(
        `CSV line ${i + 2} has ${cells.length} fields, the header ${columns.length}`,
      );
    }
    const cell: Record<string, string | undefined> = {};
    columns.forEach((c, j) => (cell[c] = cells[j].trim() === '' ? undefined : cells[j].trim()));
    const contact = compact({
      email: cell.email,
      telephone: cell.telephone,
      address: cell.address,
      website: cell.website,
    });
    const row: ImportRow = compact({
      code: cell.code,
      code20: cell.code20,
      name: cell.name,
      shortName: cell.shortName,
      parentCode: cell.parentCode,
      level: cell.level,
      groupLetter: cell.groupLetter,
      signaturePolicy: cell.signaturePolicy,
      validFrom: cell.validFrom,
      status: cell.status,
      validTo: cell.validTo,
      successorCode: cell.successorCode,
      reason: cell.reason,
      effectiveFrom: cell.effectiveFrom,
    });
    if (Object.keys(contact).length) row.contact = contact;
    if (cell.deliveryMode || cell.deliveryEndpoint) {
      row.delivery = compact({ mode: cell.deliveryMode, endpoint: cell.deliveryEndpoint });
    }
    return row;
  });
}

function compact(o: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Record<string, string>;
}
