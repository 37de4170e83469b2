import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditorAuthGuard, RequireRole } from '../auth/auditor-auth.guard';
import { intParam } from '../http/query-params';
import { verifyChain } from './chain-verifier';

/** Proof that the audit log is intact. */
@Controller('v1/audit/integrity')
@UseGuards(AuditorAuthGuard)
@RequireRole('auditor')
export class VerifyIntegrityHttpController {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * `GET /v1/audit/integrity[?from=&to=]`: re-computes the hash chain over the positions (default all)
   * and checks the stored checkpoints; `intact: false` comes with `firstBroken` naming the row.
   */
  @Get()
  async verify(@Query('from') from?: string, @Query('to') to?: string) {
    return verifyChain(this.dataSource, {
      from: intParam('from', from, 1, Number.MAX_SAFE_INTEGER),
      to: intParam('to', to, 1, Number.MAX_SAFE_INTEGER),
    });
  }
}
