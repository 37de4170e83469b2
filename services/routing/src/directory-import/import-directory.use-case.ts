import { Injectable } from '@nestjs/common';
import { InjectServiceConfig, ProblemError } from '@lt/runtime';
import { RoutingConfig } from '../routing.config';
import { vietnamToday } from '../directory/calendar';
import { DirectoryWriter } from '../directory/directory-writer';
import { ImportRow } from './import-rows';
import { ImportPlan, planImport, summarise } from './plan-import';

export type ImportReport = ReturnType<typeof summarise> & { dryRun: boolean; applied: boolean };

/**
 * Imports the national list: plans every change against the latest directory, refuses the whole
 * import when any row is wrong (nothing is half-applied), and applies it in one transaction unless it
 * is a dry run. Idempotent: a list already in the directory changes nothing and emits no event.
 */
@Injectable()
export class ImportDirectoryUseCase {
  constructor(
    private readonly writer: DirectoryWriter,
    @InjectServiceConfig() private readonly config: RoutingConfig,
  ) {}

  async run(rows: ImportRow[], options: { dryRun: boolean; actor: string }): Promise<ImportReport> {
    if (rows.length > this.config.DIRECTORY_IMPORT_MAX_ROWS) {
      throw new ProblemError(
        413,
        'IMPORT_TOO_MANY_ROWS',
        'The import has too many rows',
        'Tệp nhập có quá nhiều dòng',
        `${rows.length} rows; at most ${this.config.DIRECTORY_IMPORT_MAX_ROWS} (DIRECTORY_IMPORT_MAX_ROWS)`,
      );
    }
    const plan = (latest: Parameters<typeof planImport>[1]) =>
      planImport(rows, latest, this.config.AGENCY_CODE_POLICY, vietnamToday());
    if (options.dryRun) {
      const preview = await this.writer.preview(plan);
      return { ...summarise(preview), dryRun: true, applied: false };
    }
    let planned: ImportPlan | undefined;
    await this.writer.change(options.actor, (latest) => {
      planned = plan(latest);
      // Refuse before anything is written: the transaction has appended nothing yet.
      if (planned.errors.length) return [];
      return planned.changes;
    });
    const report = summarise(planned!);
    if (planned!.errors.length) {
      throw new ProblemError(
        422,
        'IMPORT_REJECTED',
        'The import has invalid rows; nothing was changed',
        'Tệp nhập có dòng không hợp lệ; không có thay đổi nào được áp dụng',
        `${planned!.errors.length} invalid rows`,
        { report: { ...report, dryRun: false, applied: false } },
      );
    }
    return { ...report, dryRun: false, applied: true };
  }
}
