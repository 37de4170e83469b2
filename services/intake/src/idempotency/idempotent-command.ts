import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { EventEnvelope } from '@lt/contracts';
import { TransactionalOutbox } from '@lt/persistence';
import { InjectServiceConfig, ProblemError } from '@lt/runtime';
import { IntakeConfig } from '../intake.config';
import { AUTH_PROBLEMS } from '../auth/agency-authenticator';
import { ReplayClaim } from '../auth/authenticated-agency';
import { ReplayGuard } from '../auth/replay-guard';

/** Idempotency-Key: 1-200 visible ASCII characters. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

export interface IdempotentRequest {
  agencyCode: string;
  /** Absent: the command runs without idempotency (every call is new). */
  key?: string;
  /** Which command (a key used for a document cannot replay a status). */
  operation: string;
  /** SHA-256 of the request body: a key reused with another body is refused. */
  requestSha256: string;
  /** The request's nonce when the guard left it to the command (`@ClaimNonceInCommand`). */
  replayClaim?: ReplayClaim;
}

/**
 * Runs an agency command once per (agency, Idempotency-Key). The key is claimed by inserting its row
 * in the command's own transaction: a concurrent request with the same key waits on the row lock
 * until the first commits, then finds the row and answers with the stored outcome. If the first
 * fails, its row rolls back and the waiting request runs the command itself.
 */
@Injectable()
export class IdempotentCommand implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('IdempotentCommand');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly outbox: TransactionalOutbox,
    private readonly dataSource: DataSource,
    private readonly replays: ReplayGuard,
    @InjectServiceConfig() private readonly config: IntakeConfig,
  ) {}

  private get table(): string {
    return `"${(this.dataSource.options as { schema?: string }).schema ?? 'public'}".idempotency_record`;
  }

  async run<T>(
    request: IdempotentRequest,
    work: (manager: EntityManager) => Promise<{ result: T; events: EventEnvelope[] }>,
  ): Promise<{ outcome: T; replayed: boolean }> {
    if (request.key !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(request.key)) {
      throw new ProblemError(
        400,
        'IDEMPOTENCY_KEY_INVALID',
        'Idempotency-Key must be 1-200 visible ASCII characters',
        'Idempotency-Key phải gồm 1-200 ký tự ASCII hiển thị được',
      );
    }
    return this.outbox.commit<{ outcome: T; replayed: boolean }>(async (manager) => {
      // First, so a replayed request changes nothing; committed with the effects or not at all.
      if (request.replayClaim && !(await this.replays.claim(request.replayClaim, manager))) {
        throw AUTH_PROBLEMS.replayed();
      }
      if (request.key !== undefined) {
        const claimed: unknown[] = await manager.query(
          `INSERT INTO ${this.table} (agency_code, idempotency_key, operation, request_sha256)
           VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1`,
          [request.agencyCode, request.key, request.operation, request.requestSha256],
        );
        if (claimed.length === 0) {
          const rows: Array<{ operation: string; request_sha256: string; outcome: T }> = await manager.query(
            `SELECT operation, request_sha256, outcome FROM ${this.table} WHERE agency_code = $1 AND idempotency_key = $2`,
            [request.agencyCode, request.key],
          );
          const stored = rows[0];
          if (
            !stored ||
            stored.operation !== request.operation ||
            stored.request_sha256 !== request.requestSha256
          ) {
            throw new ProblemError(
              422,
              'IDEMPOTENCY_KEY_REUSED',
              'This Idempotency-Key was used for a different request',
              'Idempotency-Key này đã được dùng cho một yêu cầu khác',
            );
          }
          return { result: { outcome: stored.outcome, replayed: true }, events: [] };
        }
      }
      const { result, events } = await work(manager);
      if (request.key !== undefined) {
        await manager.query(
          `UPDATE ${this.table} SET outcome = $3::jsonb WHERE agency_code = $1 AND idempotency_key = $2`,
          [request.agencyCode, request.key, JSON.stringify(result)],
        );
      }
      return { result: { outcome: result, replayed: false }, events };
    });
  }

  onModuleInit(): void {
    this.timer = setInterval(() => {
      this.dataSource
        .query(`DELETE FROM ${this.table} WHERE created_at < now() - ($1 || ' hours')::interval`, [
          String(this.config.IDEMPOTENCY_TTL_HOURS),
        ])
        .catch((e) => this.logger.warn(`idempotency purge failed: ${(e as Error).message}`));
    }, 10 * 60_000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }
}
