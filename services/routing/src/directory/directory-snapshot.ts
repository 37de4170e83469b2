import { AgencyView } from '@lt/contracts';
import { VersionRow } from './version-history';

/**
 * An immutable in-memory copy of the directory projection at one directory version: every version of
 * every agency, so that a lookup as of any date (today's, or tomorrow's once midnight passes and a
 * future-dated change takes effect) answers exactly as the `agency_version` table does.
 */
export class DirectorySnapshot {
  private constructor(
    /** The directory version this copy reflects (at least: it may hold rows of a later one). */
    readonly version: number,
    private readonly histories: ReadonlyMap<string, readonly VersionRow[]>,
    /** How many versions (rows) it holds, for the memory limit. */
    readonly versions: number,
  ) {}

  /** A snapshot of `rows` (any order) at `version`. */
  static of(version: number, rows: readonly VersionRow[]): DirectorySnapshot {
    const histories = groupByCode(rows);
    return new DirectorySnapshot(version, histories, rows.length);
  }

  /**
   * A new snapshot at `version` in which every agency named in `rows` has exactly those versions
   * (the whole history of each agency that changed); the others are shared with this one.
   */
  withChanges(version: number, rows: readonly VersionRow[]): DirectorySnapshot {
    const changed = groupByCode(rows);
    const histories = new Map(this.histories);
    let versions = this.versions;
    for (const [code, history] of changed) {
      versions += history.length - (histories.get(code)?.length ?? 0);
      histories.set(code, history);
    }
    return new DirectorySnapshot(version, histories, versions);
  }

  /** The agency `code` as it was on `asOf` (yyyy-mm-dd), or undefined when it was not registered then. */
  viewAsOf(code: string, asOf: string): AgencyView | undefined {
    const history = this.histories.get(code);
    if (!history) return undefined;
    for (const row of history) {
      if (row.from <= asOf && (row.until === null || row.until > asOf)) return row.view;
    }
    return undefined;
  }

  /** The agencies with these codes on `asOf`, plus the successors of the retired ones (see `withSuccessors`). */
  withSuccessors(codes: readonly string[], asOf: string, maxHops: number): Map<string, AgencyView> {
    return withSuccessors(codes, (code) => this.viewAsOf(code, asOf), maxHops);
  }
}

/**
 * The agencies with these codes, plus the successors of the retired ones followed up to `maxHops`
 * retirements (A retired into B retired into C: two hops). Absent codes are not in the map.
 */
export function withSuccessors(
  codes: readonly string[],
  lookup: (code: string) => AgencyView | undefined,
  maxHops: number,
): Map<string, AgencyView> {
  const out = new Map<string, AgencyView>();
  let frontier: AgencyView[] = [];
  for (const code of codes) {
    if (out.has(code)) continue;
    const view = lookup(code);
    if (view) {
      out.set(code, view);
      frontier.push(view);
    }
  }
  for (let hop = 0; hop < maxHops && frontier.length > 0; hop++) {
    const next: AgencyView[] = [];
    for (const view of frontier) {
      const successor = view.status === 'retired' ? view.successorCode : undefined;
      if (!successor || out.has(successor)) continue;
      const found = lookup(successor);
      if (found) {
        out.set(successor, found);
        next.push(found);
      }
    }
    frontier = next;
  }
  return out;
}

function groupByCode(rows: readonly VersionRow[]): Map<string, VersionRow[]> {
  const histories = new Map<string, VersionRow[]>();
  for (const row of rows) {
    const history = histories.get(row.code);
    if (history) history.push(row);
    else histories.set(row.code, [row]);
  }
  for (const history of histories.values()) history.sort((a, b) => (a.from < b.from ? -1 : 1));
  return histories;
}
