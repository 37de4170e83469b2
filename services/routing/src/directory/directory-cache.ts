import { Injectable, Logger } from '@nestjs/common';
import { AgencyView } from '@lt/contracts';
import { InjectServiceConfig } from '@lt/runtime';
import type { RoutingConfig } from '../routing.config';
import { AgencyDirectoryRepository, Sql } from './agency-directory.repository';
import { DirectorySnapshot } from './directory-snapshot';

/** The directory as committed when it was opened: what one routing decision reads. */
export interface DirectoryReader {
  /** Where the answers come from: this replica's memory, or PostgreSQL (cache off or too large). */
  readonly source: 'memory' | 'database';
  /** The agencies with these codes on `asOf` (absent: not registered then). */
  viewsAsOf(codes: readonly string[], asOf: string): Promise<Map<string, AgencyView>>;
  /**
   * The agencies with these codes on `asOf` plus the successors of the retired ones, followed up to
   * `maxHops` retirements: everything a decision needs, in one lookup.
   */
  withSuccessors(codes: readonly string[], asOf: string, maxHops: number): Promise<Map<string, AgencyView>>;
}

/**
 * This replica's in-memory copy of the agency directory, never staler than PostgreSQL.
 *
 * `open` costs one single-row query: it reads the directory version PostgreSQL keeps (bumped by a
 * trigger on every write of the projection, by any replica, rebuild or hand-written SQL) and, when it
 * moved since the copy was taken, reloads just the agencies written since (or everything after a
 * rebuild) before answering. A directory change committed before `open` is therefore always in the
 * answer, whichever replica made it; see ADR 0005. Above `DIRECTORY_CACHE_MAX_VERSIONS` rows (or with
 * 0) the cache holds nothing and every lookup reads PostgreSQL, still in one round trip per decision.
 */
@Injectable()
export class DirectoryCache {
  private readonly logger = new Logger('DirectoryCache');
  private snapshot?: DirectorySnapshot;
  /** The version at which the directory was found too large to hold (no reload until it moves). */
  private tooLargeAt?: number;
  private refreshing?: Promise<DirectorySnapshot | undefined>;
  private reloads = { full: 0, partial: 0 };

  constructor(
    private readonly directory: AgencyDirectoryRepository,
    @InjectServiceConfig() private readonly config: Pick<RoutingConfig, 'DIRECTORY_CACHE_MAX_VERSIONS'>,
  ) {}

  /**
   * The directory as committed now, read through `sql`: the caller's transaction, so that a decision
   * never waits for a second pooled connection. Never call it inside a transaction that writes the
   * directory: the copy would hold rows that may yet roll back.
   */
  async open(sql: Sql): Promise<DirectoryReader> {
    if (this.config.DIRECTORY_CACHE_MAX_VERSIONS === 0) return this.database(sql);
    const current = await this.directory.directoryVersion(sql);
    let snapshot = this.snapshot;
    // A refresh already running may have read an older version than the one just seen: go again
    // until the copy is at least as new as what this caller observed.
    while (!snapshot || snapshot.version < current.version) {
      if (this.tooLargeAt !== undefined && this.tooLargeAt >= current.version) return this.database(sql);
      snapshot = await this.refresh(sql);
      if (!snapshot) return this.database(sql);
    }
    return memory(snapshot);
  }

  /** What the cache holds, for tests and operators. */
  stats(): { version?: number; versions: number; fullReloads: number; partialReloads: number } {
    return {
      version: this.snapshot?.version,
      versions: this.snapshot?.versions ?? 0,
      fullReloads: this.reloads.full,
      partialReloads: this.reloads.partial,
    };
  }

  /** One reload at a time per replica; concurrent callers share it. */
  private refresh(sql: Sql): Promise<DirectorySnapshot | undefined> {
    this.refreshing ??= this.reload(sql).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async reload(sql: Sql): Promise<DirectorySnapshot | undefined> {
    // The version is read before the rows: rows written later may be included (harmless, they are
    // reloaded again), but none written before it can be missed.
    const at = await this.directory.directoryVersion(sql);
    const previous = this.snapshot;
    const max = this.config.DIRECTORY_CACHE_MAX_VERSIONS;
    let next: DirectorySnapshot;
    if (previous && previous.version >= at.resetVersion) {
      next = previous.withChanges(
        at.version,
        await this.directory.versionsChangedSince(sql, previous.version),
      );
      this.reloads.partial++;
    } else {
      const count = await this.directory.countVersions(sql);
      if (count > max) return this.giveUp(at.version, count);
      next = DirectorySnapshot.of(at.version, await this.directory.versionsChangedSince(sql));
      this.reloads.full++;
    }
    if (next.versions > max) return this.giveUp(at.version, next.versions);
    this.snapshot = next;
    this.tooLargeAt = undefined;
    return next;
  }

  private giveUp(version: number, versions: number): undefined {
    if (this.tooLargeAt === undefined)
      this.logger.warn(
        `directory holds ${versions} versions, above DIRECTORY_CACHE_MAX_VERSIONS=${this.config.DIRECTORY_CACHE_MAX_VERSIONS}: lookups read PostgreSQL`,
      );
    this.snapshot = undefined;
    this.tooLargeAt = version;
    return undefined;
  }

  private database(sql: Sql): DirectoryReader {
    const directory = this.directory;
    return {
      source: 'database',
      viewsAsOf: (codes, asOf) => directory.viewsAsOf(sql, codes, asOf),
      withSuccessors: (codes, asOf, maxHops) => directory.withSuccessorsAsOf(sql, codes, asOf, maxHops),
    };
  }
}

function memory(snapshot: DirectorySnapshot): DirectoryReader {
  return {
    source: 'memory',
    viewsAsOf: async (codes, asOf) => {
      const out = new Map<string, AgencyView>();
      for (const code of codes) {
        const view = snapshot.viewAsOf(code, asOf);
        if (view) out.set(code, view);
      }
      return out;
    },
    withSuccessors: async (codes, asOf, maxHops) => snapshot.withSuccessors(codes, asOf, maxHops),
  };
}
