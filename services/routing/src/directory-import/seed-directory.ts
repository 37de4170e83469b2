import { readFile } from 'node:fs/promises';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectServiceConfig } from '@lt/runtime';
import { RoutingConfig } from '../routing.config';
import { rowsFromJson } from './import-rows';
import { ImportDirectoryUseCase } from './import-directory.use-case';

/** The actor directory events from the seed file are attributed to. */
export const SEED_ACTOR = 'routing:seed';

/**
 * Imports DIRECTORY_SEED_FILE (JSON, the import format) when the service starts, before it takes
 * traffic. Idempotent: a directory that already matches the file gets no event. A file that cannot
 * be read or has an invalid row stops the start-up with the reason (a half-seeded hub would refuse
 * documents it should route). Event handlers start consuming before Nest's bootstrap hooks run, so
 * they await `ready()` too: no document is routed against a directory the seed has not reached yet.
 */
@Injectable()
export class SeedDirectory implements OnApplicationBootstrap {
  private readonly logger = new Logger('SeedDirectory');

  constructor(
    private readonly importer: ImportDirectoryUseCase,
    @InjectServiceConfig() private readonly config: RoutingConfig,
  ) {}

  private seeding?: Promise<void>;

  async onApplicationBootstrap(): Promise<void> {
    await this.ready();
  }

  /** Resolves once the seed file is imported (at once without one); a failed seed is retried. */
  ready(): Promise<void> {
    this.seeding ??= this.seed().catch((error: unknown) => {
      this.seeding = undefined;
      throw error;
    });
    return this.seeding;
  }

  private async seed(): Promise<void> {
    const file = this.config.DIRECTORY_SEED_FILE;
    if (!file) return;
    const rows = rowsFromJson(JSON.parse(await readFile(file, 'utf8')));
    const report = await this.importer.run(rows, { dryRun: false, actor: SEED_ACTOR });
    this.logger.log(
      `directory seed ${file}: ${rows.length} rows, ${report.changes.length} changes, ${report.unchanged} unchanged`,
    );
  }
}
