import { EntityManager } from 'typeorm';
import { EventEnvelope } from '@lt/contracts';
import { TransactionalOutbox } from '@lt/persistence';
import { deliveryEvent, deliveryRef } from '../deliveries/delivery-events';
import { T } from '../deliveries/delivery-row';
import { ClaimedDelivery } from './push-schedule.repository';
import { PushResult } from './push-client';
import { retryDelayMs, RetryPolicy } from './retry-backoff';
import { rowsOf } from '../deliveries/sql-rows';

/** What became of one claimed delivery. */
export type PushOutcome =
  | { kind: 'attempted'; row: ClaimedDelivery; result: PushResult; startedAt: Date; endpoint: string | null }
  /** Past its maximum age when claimed: dead-lettered without a push. */
  | { kind: 'expired'; row: ClaimedDelivery }
  /** Its agency's circuit opened meanwhile: handed back without counting an attempt. */
  | { kind: 'released'; row: ClaimedDelivery; until: Date };

export interface OutcomePolicy {
  retry: RetryPolicy;
  maxAgeMs: number;
  circuitFailureThreshold: number;
  circuitOpenMs: number;
}

/**
 * Records push outcomes in batches: one transaction writes many deliveries' new state, their attempt
 * rows, the agencies' circuit counters and the events, then the outbox publishes the events. Batching
 * is what lets one process record thousands of pushes a second.
 */
export class PushOutcomeRecorder {
  private buffer: Array<{ outcome: PushOutcome; done: (e?: unknown) => void }> = [];
  private timer?: NodeJS.Timeout;
  /** Agencies whose circuit is open, as this process last wrote it. */
  readonly openCircuits = new Map<string, Date>();

  constructor(
    private readonly outbox: TransactionalOutbox,
    private readonly policy: OutcomePolicy,
    private readonly maxBatch = 200,
    private readonly lingerMs = 2,
  ) {}

  /** Resolves once the outcome is committed. */
  record(outcome: PushOutcome): Promise<void> {
    return new Promise((resolve, reject) => {
      this.buffer.push({ outcome, done: (e) => (e ? reject(e) : resolve()) });
      if (this.buffer.length >= this.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.lingerMs);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.buffer;
    this.buffer = [];
    if (batch.length === 0) return;
    this.write(batch.map((b) => b.outcome)).then(
      () => batch.forEach((b) => b.done()),
      (error) => batch.forEach((b) => b.done(error ?? new Error('record failed'))),
    );
  }

  private async write(outcomes: PushOutcome[]): Promise<void> {
    await this.outbox.commit(async (manager) => {
      const events: EventEnvelope[] = [];
      const circuit = new Map<string, { failures: number; success: boolean }>();
      for (const outcome of outcomes) {
        if (outcome.kind === 'released') {
          await manager.query(
            `UPDATE ${T.delivery} SET state = 'retrying', attempts = attempts - 1, lease_until = NULL,
               next_attempt_at = $2, updated_at = clock_timestamp()
             WHERE id = $1 AND state = 'pushing' AND attempts = $3`,
            [outcome.row.id, outcome.until, outcome.row.attempts],
          );
        } else if (outcome.kind === 'expired') {
          events.push(...(await this.deadLetter(manager, outcome.row, outcome.row.attempts - 1, true)));
        } else {
          const c = circuit.get(outcome.row.recipient_code) ?? { failures: 0, success: false };
          if (outcome.result.ok) c.success = true;
          else if (outcome.result.errorClass !== 'other') c.failures++;
          circuit.set(outcome.row.recipient_code, c);
          events.push(...(await this.attempted(manager, outcome)));
        }
      }
      await this.updateCircuits(manager, circuit);
      return { result: undefined, events };
    });
  }

  private async attempted(
    manager: EntityManager,
    outcome: Extract<PushOutcome, { kind: 'attempted' }>,
  ): Promise<EventEnvelope[]> {
    const { row, result } = outcome;
    const finishedAt = new Date();
    const insertAttempt = (nextAttemptAt: Date | null) =>
      manager.query(
        `INSERT INTO ${T.attempt} (delivery_id, attempt, started_at, finished_at, outcome, error_class, error,
           http_status, endpoint, next_attempt_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
        [
          row.id,
          row.attempts,
          outcome.startedAt,
          finishedAt,
          result.ok ? 'delivered' : 'failed',
          result.ok ? null : result.errorClass,
          result.ok ? null : result.error,
          result.httpStatus ?? null,
          outcome.endpoint,
          nextAttemptAt,
        ],
      );
    const ref = deliveryRef(row);
    if (result.ok) {
      // Guarded by the attempt number: a worker whose lease ran out must not overwrite the new owner.
      const updated = rowsOf<unknown>(
        await manager.query(
          `UPDATE ${T.delivery} SET state = 'delivered', delivered_at = clock_timestamp(), lease_until = NULL,
           next_attempt_at = NULL, last_error = NULL, updated_at = clock_timestamp()
         WHERE id = $1 AND state = 'pushing' AND attempts = $2 RETURNING id`,
          [row.id, row.attempts],
        ),
      );
      if (updated.length === 0) return [];
      await insertAttempt(null);
      return [
        deliveryEvent(row, 'delivery.delivered', String(row.attempts), {
          ...ref,
          mode: 'push',
          attempt: row.attempts,
        }),
      ];
    }
    const next = new Date(finishedAt.getTime() + retryDelayMs(this.policy.retry, row.attempts));
    const expires = new Date(new Date(row.age_from).getTime() + this.policy.maxAgeMs);
    const giveUp = next.getTime() > expires.getTime();
    const updated = rowsOf<unknown>(
      await manager.query(
        `UPDATE ${T.delivery} SET state = 'retrying', lease_until = NULL, next_attempt_at = $3, last_error = $4,
         updated_at = clock_timestamp()
       WHERE id = $1 AND state = 'pushing' AND attempts = $2 RETURNING id`,
        [row.id, row.attempts, giveUp ? null : next, `${result.errorClass}: ${result.error}`],
      ),
    );
    if (updated.length === 0) return [];
    await insertAttempt(giveUp ? null : next);
    const failed = deliveryEvent(row, 'delivery.attempt-failed', String(row.attempts), {
      ...ref,
      attempt: row.attempts,
      errorClass: result.errorClass,
      error: result.error,
      ...(result.httpStatus ? { httpStatus: result.httpStatus } : {}),
      ...(giveUp ? {} : { nextAttemptAt: next.toISOString() }),
    });
    if (!giveUp) return [failed];
    const lastError = `${result.errorClass}: ${result.error}`;
    return [
      failed,
      ...(await this.deadLetter(manager, { ...row, last_error: lastError }, row.attempts, false)),
    ];
  }

  private async deadLetter(
    manager: EntityManager,
    row: ClaimedDelivery,
    attempts: number,
    guardPushing: boolean,
  ): Promise<EventEnvelope[]> {
    const updated = rowsOf<unknown>(
      await manager.query(
        `UPDATE ${T.delivery} SET state = 'dead-lettered', dead_lettered_at = clock_timestamp(), attempts = $2,
         lease_until = NULL, next_attempt_at = NULL, updated_at = clock_timestamp()
       WHERE id = $1 AND ${guardPushing ? `state = 'pushing'` : `state = 'retrying'`} RETURNING id`,
        [row.id, attempts],
      ),
    );
    if (updated.length === 0) return [];
    const noEndpoint = (row.last_error ?? '').includes('NO_ENDPOINT');
    return [
      deliveryEvent(row, 'delivery.dead-lettered', `${row.redeliveries}`, {
        ...deliveryRef(row),
        senderCode: row.sender_code,
        reason: noEndpoint ? 'no-endpoint' : 'max-age',
        attempts,
        lastError: row.last_error ?? 'maximum age reached before any attempt',
      }),
    ];
  }

  private async updateCircuits(
    manager: EntityManager,
    circuit: Map<string, { failures: number; success: boolean }>,
  ): Promise<void> {
    // Sorted: concurrent batches take the circuit rows' locks in one order (no deadlock).
    for (const [agency, c] of [...circuit].sort(([a], [b]) => a.localeCompare(b))) {
      if (c.success) {
        // One success closes the circuit: the agency answers again.
        await manager.query(
          `UPDATE ${T.circuit} SET consecutive_failures = 0, open_until = NULL, updated_at = clock_timestamp()
           WHERE agency_code = $1 AND (consecutive_failures > 0 OR open_until IS NOT NULL)`,
          [agency],
        );
        this.openCircuits.delete(agency);
        continue;
      }
      if (c.failures === 0) continue;
      const [state] = rowsOf<{ open_until: Date | null }>(
        await manager.query(
          `INSERT INTO ${T.circuit} AS ac (agency_code, consecutive_failures) VALUES ($1, $2)
         ON CONFLICT (agency_code) DO UPDATE SET consecutive_failures = ac.consecutive_failures + $2,
           updated_at = clock_timestamp()
         RETURNING consecutive_failures, open_until`,
          [agency, c.failures],
        ),
      );
      const [opened] = rowsOf<{ open_until: Date }>(
        await manager.query(
          `UPDATE ${T.circuit} SET open_until = clock_timestamp() + ($2 || ' milliseconds')::interval,
           opened_count = opened_count + 1
         WHERE agency_code = $1 AND consecutive_failures >= $3
           AND (open_until IS NULL OR open_until <= clock_timestamp())
         RETURNING open_until`,
          [agency, String(this.policy.circuitOpenMs), this.policy.circuitFailureThreshold],
        ),
      );
      const until = opened?.open_until ?? state?.open_until;
      if (until && new Date(until).getTime() > Date.now()) this.openCircuits.set(agency, new Date(until));
    }
  }
}
