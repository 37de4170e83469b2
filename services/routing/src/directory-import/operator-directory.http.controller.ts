import { Body, Controller, Headers, HttpCode, Post, Query, Req, UseGuards } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProblemError } from '@lt/runtime';
import { AgencyDirectoryRepository } from '../directory/agency-directory.repository';
import { OperatorRequest, OperatorTokenGuard } from '../directory-admin/operator-token.guard';
import { ImportFormatError, ImportRow, rowsFromCsv, rowsFromJson } from './import-rows';
import { ImportDirectoryUseCase } from './import-directory.use-case';

/** Bulk operations on the whole directory (operator token required). */
@Controller('v1/operator/directory')
@UseGuards(OperatorTokenGuard)
export class OperatorDirectoryHttpController {
  constructor(
    private readonly importer: ImportDirectoryUseCase,
    private readonly directory: AgencyDirectoryRepository,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * Imports the national list, `text/csv` or `application/json`. `?dryRun=true` reports what would
   * change and changes nothing. A list with any invalid row is refused whole (422 IMPORT_REJECTED,
   * the report in `report`). Re-importing the same list changes nothing.
   */
  @Post('import')
  @HttpCode(200)
  async import(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Query('dryRun') dryRun: string | undefined,
    @Req() req: OperatorRequest,
  ) {
    let rows: ImportRow[];
    try {
      rows = (contentType ?? '').startsWith('text/csv')
        ? rowsFromCsv(typeof body === 'string' ? body : '')
        : rowsFromJson(body);
    } catch (error) {
      if (!(error instanceof ImportFormatError)) throw error;
      throw new ProblemError(
        400,
        'IMPORT_FORMAT',
        'The import cannot be read',
        'Không đọc được tệp nhập',
        error.message,
      );
    }
    return this.importer.run(rows, { dryRun: dryRun === 'true' || dryRun === '1', actor: req.operator! });
  }

  /**
   * Drops the directory projection and replays the directory's event log into it (one transaction:
   * lookups see the old directory until the new one is complete).
   */
  @Post('rebuild')
  @HttpCode(200)
  rebuild() {
    return this.directory.rebuild(this.dataSource);
  }
}
