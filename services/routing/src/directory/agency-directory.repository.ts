import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AgencyLevel, AgencyStatus, AgencyView, EventEnvelope } from '@lt/contracts';
import { AgencyChange, codesOf, LatestAgency, versionSteps } from './agency-change';
import { placeStep, searchTextOf, VersionRow } from './version-history';

/** The PostgreSQL schema routing owns. */
export const ROUTING_SCHEMA = 'routing';
const S = ROUTING_SCHEMA;

/** Anything that runs SQL: the data source, or a transaction's entity manager. */
export type Sql = Pick<DataSource | EntityManager, 'query'>;

export interface DirectorySearch {
  /** Words of the name or code, with or without diacritics. */
  words: string[];
  level?: AgencyLevel;
  parent?: string;
  status?: AgencyStatus;
  asOf: string;
  limit: number;
  /** Keyset cursor: the (search_text, code) of the last item of the previous page. */
  after?: [string, string];
}

/** Where the projection stands; see `directoryVersion`. */
export interface DirectoryVersion {
  version: number;
  resetVersion: number;
}

export interface DirectorySearchPage {
  items: AgencyView[];
  last?: [string, string];
}

/** How deep an ancestor walk goes: four administrative levels, with room for irregular data. */
const MAX_ANCESTORS = 10;
const REBUILD_BATCH = 1_000;

// Directory writes are rare (operators, imports); one lock serialises them, so every rule check
// sees the versions it is about to extend.
const DIRECTORY_WRITE_LOCK = `SELECT pg_advisory_xact_lock(hashtext('routing.agency-directory'))`;
const asOfClause = (p: string) =>
  `valid_from <= ${p}::date AND (valid_until IS NULL OR valid_until > ${p}::date)`;
const AS_OF = asOfClause('$2');

/**
 * The agency directory: its event log (`agency_event`) and the versioned projection
 * (`agency_version`) that answers lookups as of a date, children, ancestors and search.
 */
@Injectable()
export class AgencyDirectoryRepository {
  /** The agencies with these codes as they were on `asOf` (absent: not registered then). */
  async viewsAsOf(sql: Sql, codes: readonly string[], asOf: string): Promise<Map<string, AgencyView>> {
    const out = new Map<string, AgencyView>();
    if (codes.length === 0) return out;
    const rows: Array<{ view: AgencyView }> = await sql.query(
      `SELECT view FROM "${S}".agency_version WHERE code = ANY($1) AND ${AS_OF}`,
      [codes, asOf],
    );
    for (const r of rows) out.set(r.view.code, r.view);
    return out;
  }

  /**
   * The agencies with these codes as of `asOf`, plus the successors of the retired ones, followed up to
   * `maxHops` retirements: one query, and one more per successor hop only when a retired code is
   * among them. (A recursive CTE doing it in one round trip measured slower: see docs/routing.md.)
   */
  async withSuccessorsAsOf(
    sql: Sql,
    codes: readonly string[],
    asOf: string,
    maxHops: number,
  ): Promise<Map<string, AgencyView>> {
    const views = await this.viewsAsOf(sql, [...new Set(codes)], asOf);
    let frontier = [...views.values()];
    for (let hop = 0; hop < maxHops; hop++) {
      const next = new Set<string>();
      for (const v of frontier)
        if (v.status === 'retired' && v.successorCode && !views.has(v.successorCode))
          next.add(v.successorCode);
      if (next.size === 0) break;
      const found = await this.viewsAsOf(sql, [...next], asOf);
      for (const [code, view] of found) views.set(code, view);
      frontier = [...found.values()];
    }
    return views;
  }

  /**
   * The directory's version (see the 1700000000202 migration): `version` moves with every write of
   * the projection, `resetVersion` with every write that removed rows (a rebuild).
   */
  async directoryVersion(sql: Sql): Promise<DirectoryVersion> {
    const rows: Array<{ version: string; reset_version: string }> = await sql.query(
      `SELECT version, reset_version FROM "${S}".directory_state WHERE id = 1`,
    );
    if (rows.length === 0) throw new Error(`"${S}".directory_state has no row: run the migrations`);
    return { version: Number(rows[0].version), resetVersion: Number(rows[0].reset_version) };
  }

  /** How many versions (rows) the projection holds: what an in-memory copy of it would hold. */
  async countVersions(sql: Sql): Promise<number> {
    const rows: Array<{ n: string }> = await sql.query(`SELECT count(*) AS n FROM "${S}".agency_version`);
    return Number(rows[0].n);
  }

  /**
   * Every version of the agencies that have a row written after directory version `since` (every
   * agency when `since` is omitted), by code and date: what a cache reloads.
   */
  async versionsChangedSince(sql: Sql, since?: number): Promise<VersionRow[]> {
    return sql.query(
      `SELECT code, valid_from::text AS "from", valid_until::text AS until, view FROM "${S}".agency_version
       ${since === undefined ? '' : `WHERE code IN (SELECT code FROM "${S}".agency_version WHERE changed_in > $1)`}
       ORDER BY code, valid_from`,
      since === undefined ? [] : [since],
    );
  }

  /** The latest version of each of these agencies (what commands check against). */
  async latest(sql: Sql, codes?: readonly string[]): Promise<Map<string, LatestAgency>> {
    const rows: Array<{ from: string; view: AgencyView }> = await sql.query(
      `SELECT DISTINCT ON (code) valid_from::text AS "from", view FROM "${S}".agency_version
       ${codes ? 'WHERE code = ANY($1)' : ''} ORDER BY code, valid_from DESC`,
      codes ? [codes] : [],
    );
    return new Map(rows.map((r) => [r.view.code, { view: r.view, from: r.from }]));
  }

  /** Every version of one agency, oldest first. */
  async history(sql: Sql, code: string): Promise<VersionRow[]> {
    const rows: Array<{ from: string; until: string | null; view: AgencyView }> = await sql.query(
      `SELECT valid_from::text AS "from", valid_until::text AS until, view FROM "${S}".agency_version
       WHERE code = $1 ORDER BY valid_from`,
      [code],
    );
    return rows.map((r) => ({ code, ...r }));
  }

  /** The agencies whose parent is `code` on `asOf`, by name. */
  async children(sql: Sql, code: string, asOf: string): Promise<AgencyView[]> {
    const rows: Array<{ view: AgencyView }> = await sql.query(
      `SELECT view FROM "${S}".agency_version WHERE parent_code = $1 AND ${AS_OF} ORDER BY search_text, code`,
      [code, asOf],
    );
    return rows.map((r) => r.view);
  }

  /** Parent, grandparent, ... of `code` on `asOf`, nearest first. */
  async ancestors(sql: Sql, code: string, asOf: string): Promise<AgencyView[]> {
    const out: AgencyView[] = [];
    const seen = new Set([code]);
    let current = (await this.viewsAsOf(sql, [code], asOf)).get(code);
    while (current?.parentCode && !seen.has(current.parentCode) && out.length < MAX_ANCESTORS) {
      seen.add(current.parentCode);
      current = (await this.viewsAsOf(sql, [current.parentCode], asOf)).get(current.parentCode);
      if (current) out.push(current);
    }
    return out;
  }

  /** Agencies on `asOf` whose names or codes contain every word, filtered, in name order. */
  async search(sql: Sql, s: DirectorySearch): Promise<DirectorySearchPage> {
    const params: unknown[] = [s.asOf];
    const where = [asOfClause('$1')];
    const add = (clause: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(clause(`$${params.length}`));
    };
    if (s.words.length)
      add(
        (p) => `search_text LIKE ALL(${p})`,
        s.words.map((w) => `%${escapeLike(w)}%`),
      );
    if (s.level) add((p) => `level = ${p}`, s.level);
    if (s.parent) add((p) => `parent_code = ${p}`, s.parent);
    if (s.status) add((p) => `status = ${p}`, s.status);
    if (s.after) {
      params.push(s.after[0], s.after[1]);
      where.push(`(search_text, code) > ($${params.length - 1}, $${params.length})`);
    }
    params.push(s.limit + 1);
    const rows: Array<{ view: AgencyView; search_text: string }> = await sql.query(
      `SELECT view, search_text FROM "${S}".agency_version WHERE ${where.join(' AND ')}
       ORDER BY search_text, code LIMIT $${params.length}`,
      params,
    );
    const more = rows.length > s.limit;
    const page = rows.slice(0, s.limit);
    const lastRow = page[page.length - 1];
    return {
      items: page.map((r) => r.view),
      last: more && lastRow ? [lastRow.search_text, lastRow.view.code] : undefined,
    };
  }

  /**
   * Appends directory events and projects them, in the caller's transaction. Takes the directory
   * write lock first: call it before reading the versions a command checks against.
   */
  async lockForWrite(manager: EntityManager): Promise<void> {
    await manager.query(DIRECTORY_WRITE_LOCK);
  }

  async append(manager: EntityManager, events: Array<EventEnvelope & AgencyChange>): Promise<void> {
    for (const event of events) {
      await manager.query(
        `INSERT INTO "${S}".agency_event (event_id, type, codes, envelope) VALUES ($1, $2, $3, $4::jsonb)`,
        [event.id, event.type, codesOf(event), JSON.stringify(event)],
      );
      await this.project(manager, event);
    }
  }

  /** Applies one event to the projection (the incremental form of `rebuild`). */
  private async project(manager: EntityManager, change: AgencyChange): Promise<void> {
    const codes = change.type === 'agency.registered' ? [change.data.agency.code] : codesOf(change);
    const latestRows = await this.latestRows(manager, codes);
    for (const step of versionSteps(change, (code) => latestRows.get(code)?.view)) {
      const placement = placeStep(latestRows.get(step.code), step);
      if (placement.closed) {
        await manager.query(
          `UPDATE "${S}".agency_version SET valid_until = $3 WHERE code = $1 AND valid_from = $2`,
          [placement.closed.code, placement.closed.from, placement.closed.until],
        );
      }
      await this.upsert(manager, [placement.row]);
      latestRows.set(step.code, placement.row);
    }
  }

  private async latestRows(sql: Sql, codes: string[]): Promise<Map<string, VersionRow>> {
    const rows: Array<{ from: string; until: string | null; view: AgencyView }> = await sql.query(
      `SELECT DISTINCT ON (code) valid_from::text AS "from", valid_until::text AS until, view
       FROM "${S}".agency_version WHERE code = ANY($1) ORDER BY code, valid_from DESC`,
      [codes],
    );
    return new Map(rows.map((r) => [r.view.code, { code: r.view.code, ...r }]));
  }

  private async upsert(sql: Sql, rows: VersionRow[]): Promise<void> {
    if (rows.length === 0) return;
    await sql.query(
      `INSERT INTO "${S}".agency_version (code, valid_from, valid_until, status, level, parent_code, search_text, view)
       SELECT * FROM unnest($1::text[], $2::date[], $3::date[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[])
       ON CONFLICT (code, valid_from) DO UPDATE SET valid_until = EXCLUDED.valid_until, status = EXCLUDED.status,
         level = EXCLUDED.level, parent_code = EXCLUDED.parent_code, search_text = EXCLUDED.search_text, view = EXCLUDED.view`,
      [
        rows.map((r) => r.code),
        rows.map((r) => r.from),
        rows.map((r) => r.until),
        rows.map((r) => r.view.status),
        rows.map((r) => r.view.level),
        rows.map((r) => r.view.parentCode ?? null),
        rows.map((r) => searchTextOf(r.view)),
        rows.map((r) => JSON.stringify(r.view)),
      ],
    );
  }

  /**
   * Drops the projection and replays the event log into it, in one transaction (readers see the old
   * directory until it commits). The replay folds in memory and writes in batches.
   * @returns how many events were replayed and versions written
   */
  async rebuild(dataSource: DataSource): Promise<{ events: number; versions: number }> {
    return dataSource.transaction(async (manager) => {
      await manager.query(DIRECTORY_WRITE_LOCK);
      await manager.query(`TRUNCATE "${S}".agency_version`);
      const histories = new Map<string, VersionRow[]>();
      let events = 0;
      for (let after = 0; ;) {
        const batch: Array<{ seq: string; envelope: AgencyChange }> = await manager.query(
          `SELECT seq, envelope FROM "${S}".agency_event WHERE seq > $1 ORDER BY seq LIMIT $2`,
          [after, REBUILD_BATCH],
        );
        if (batch.length === 0) break;
        for (const { envelope } of batch) {
          foldInto(histories, envelope);
          events++;
        }
        after = Number(batch[batch.length - 1].seq);
      }
      const all = [...histories.values()].flat();
      for (let i = 0; i < all.length; i += REBUILD_BATCH)
        await this.upsert(manager, all.slice(i, i + REBUILD_BATCH));
      return { events, versions: all.length };
    });
  }

  /** Every version of every agency, in a stable order (what a rebuild must reproduce). */
  async dump(sql: Sql): Promise<VersionRow[]> {
    const rows: Array<{ code: string; from: string; until: string | null; view: AgencyView }> =
      await sql.query(
        `SELECT code, valid_from::text AS "from", valid_until::text AS until, view
       FROM "${S}".agency_version ORDER BY code, valid_from`,
      );
    return rows;
  }
}

/** The in-memory form of `project`: the same placement rule over per-agency histories. */
export function foldInto(histories: Map<string, VersionRow[]>, change: AgencyChange): void {
  const latestOf = (code: string) => {
    const h = histories.get(code);
    return h?.[h.length - 1];
  };
  for (const step of versionSteps(change, (code) => latestOf(code)?.view)) {
    const h = histories.get(step.code) ?? [];
    const placement = placeStep(latestOf(step.code), step);
    if (placement.replacesLatest) h[h.length - 1] = placement.row;
    else {
      if (placement.closed) h[h.length - 1] = placement.closed;
      h.push(placement.row);
    }
    histories.set(step.code, h);
  }
}

function escapeLike(word: string): string {
  return word.replace(/[\\%_]/g, (c) => `\\${c}`);
}
