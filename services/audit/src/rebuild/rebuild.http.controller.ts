import { Controller, Get, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ProblemError } from '@lt/runtime';
import { AuditorAuthGuard, Principal, RequireRole } from '../auth/auditor-auth.guard';
import { RebuildJobs } from './rebuild-jobs';

/** Operator endpoint: drop and rebuild every lifecycle projection from the audit log. */
@Controller('v1/audit/operator/rebuild')
@UseGuards(AuditorAuthGuard)
@RequireRole('operator')
export class RebuildHttpController {
  constructor(private readonly jobs: RebuildJobs) {}

  /** `POST /v1/audit/operator/rebuild` → 202 `{jobId, ...}`; poll `GET .../:jobId` for progress and the checksums. */
  @Post()
  @HttpCode(202)
  start(@Req() request: { principal?: Principal }) {
    return this.jobs.start(request.principal?.label ?? 'operator');
  }

  /** `GET /v1/audit/operator/rebuild/:jobId`: phase, processed/total, and at the end live vs rebuilt checksums. */
  @Get(':jobId')
  status(@Param('jobId') jobId: string) {
    const job = this.jobs.get(jobId);
    if (!job)
      throw new ProblemError(
        404,
        'AUDIT_REBUILD_NOT_FOUND',
        'No such rebuild job',
        'Không có lần dựng lại này',
        jobId,
      );
    return job;
  }
}
