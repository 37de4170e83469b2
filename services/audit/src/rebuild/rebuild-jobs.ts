import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { UpcasterRegistry } from '@lt/contracts';
import { ProblemError } from '@lt/runtime';
import { AUDIT_UPCASTERS } from '../lifecycle/audit-upcasters';
import { rebuildProjections, RebuildProgress, RebuildResult } from './rebuild-projections';

export interface RebuildJob {
  jobId: string;
  requestedBy: string;
  startedAt: string;
  state: 'running' | 'done' | 'failed';
  progress: RebuildProgress;
  result?: RebuildResult;
  error?: string;
}

/** Rebuild jobs started from the operator endpoint; one at a time per process. */
@Injectable()
export class RebuildJobs {
  private readonly jobs = new Map<string, RebuildJob>();
  private readonly logger = new Logger('RebuildJobs');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(AUDIT_UPCASTERS) private readonly upcasters: UpcasterRegistry,
  ) {}

  start(requestedBy: string): RebuildJob {
    if ([...this.jobs.values()].some((j) => j.state === 'running'))
      throw new ProblemError(
        409,
        'AUDIT_REBUILD_RUNNING',
        'A rebuild is already running',
        'Đang có một lần dựng lại chạy',
      );
    const job: RebuildJob = {
      jobId: randomUUID(),
      requestedBy,
      startedAt: new Date().toISOString(),
      state: 'running',
      progress: { phase: 'rebuilding', processed: 0, total: 0 },
    };
    this.jobs.set(job.jobId, job);
    rebuildProjections(this.dataSource, this.upcasters, (p) => (job.progress = p)).then(
      (result) => {
        job.result = result;
        job.state = 'done';
        this.logger.log(`rebuild ${job.jobId}: ${result.events} events, identical=${result.identical}`);
      },
      (error) => {
        job.state = 'failed';
        job.error = (error as Error).message;
        this.logger.error(`rebuild ${job.jobId} failed: ${job.error}`);
      },
    );
    return job;
  }

  get(jobId: string): RebuildJob | undefined {
    return this.jobs.get(jobId);
  }
}
