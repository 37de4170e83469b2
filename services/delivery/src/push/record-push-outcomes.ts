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

type Attempted = Extract<PushOutcome, { kind: 'attempted' }>;
type Expired = Extract<PushOutcome, { kind: 'expired' }>;
type Released = Extract<PushOutcome, { kind: 'released' }>;

/** Per agency in a batch: consecutive failures to add, or a success that closes its circuit. */
function circuitChanges(attempted: Attempted[]): Map<string, { failures: number; success: boolean }> {
  const circuit = new Map<string, { failures: number; success: boolean }>();
  for (const { row, result } of attempted) {
    const c = circuit.get(row.recipient_code) ?? { failures: 0, success: false };
    if (result.ok) c.success = true;
    else if (result.errorClass !== 'other') c.failures++;
    circuit.set(row.recipient_code, c);
  }
  return circuit;
}

export interface OutcomePolicy {
  retry: RetryPolicy;
  maxAgeMs: number;
  circuitFailureThreshold: number;
  circuitOpenMs: number;
}

/**
 * Records push outcomes in batches: one transaction writes many deliveries' new state, their attempt
 * rows, the agencies' circuit counters and the events, then the outbox publishes the events. Batching
 * is what lets one process record thousands of pushes a second. At most `maxWrites` batches are written
 * at once: outcomes arriving meanwhile wait in the buffer and go in the next, larger batch, so recording
 * never takes every database connection from the event handlers (a hỏa tốc `document.routed` must find one).
 */
export class PushOutcomeRecorder {
  private buffer: Array<{ outcome: PushOutcome; done: (e?: unknown) => void }> = [];
  private timer?: NodeJS.Timeout;
  /** Agencies whose circuit is open, as this process last wrote it. */
  readonly openCircuits = new Map<string, Date>();

  constructor(
    private readonly outbox: TransactionalOutbox,
    private readonly policy: OutcomePolicy,
    private readonly maxBatch = 500,
    private readonly lingerMs = 2,
    private readonly maxWrites = 2,
  ) {}

  private writing = 0;

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
    // The write in progress flushes again when it ends.
    if (this.buffer.length === 0 || this.writing >= this.maxWrites) return;
    const batch = this.buffer.splice(0, this.maxBatch);
    this.writing++;
    this.write(batch.map((b) => b.outcome))
      .then(
        () => batch.forEach((b) => b.done()),
        (error) => batch.forEach((b) => b.done(error ?? new Error('record failed'))),
      )
      .finally(() => {
        this.writing--;
        this.flush();
      });
  }

  /**
   * One transaction for the whole batch, a handful of statements whatever its size: one multi-row
   * UPDATE per kind of outcome (each guarded by state and attempt number, so a worker whose lease ran out
   * cannot overwrite the new owner), one INSERT of the attempt rows, the circuits, the outbox.
   */
  private async write(outcomes: PushOutcome[]): Promise<void> {
    const finishedAt = new Date();
    const released = outcomes.filter((o): o is Released => o.kind === 'released');
    const expired = outcomes.filter((o): o is Expired => o.kind === 'expired');
    const attempted = outcomes.filter((o): o is Attempted => o.kind === 'attempted');
    const delivered = attempted.filter((o) => o.result.ok);
    const failed = attempted.filter((o) => !o.result.ok).map((o) => this.failure(o, finishedAt));
    await this.outbox.commit(async (manager) => {
      await this.release(manager, released);
      const expiredIds = await this.updated(
        manager,
        `UPDATE ${T.delivery} d SET state = 'dead-lettered', dead_lettered_at = clock_timestamp(),
           attempts = d.attempts - 1, lease_until = NULL, next_attempt_at = NULL, updated_at = clock_timestamp()
         FROM unnest($1::uuid[], $2::int[]) AS v(id, attempts)
         WHERE d.id = v.id AND d.state = 'pushing' AND d.attempts = v.attempts RETURNING d.id`,
        [expired.map((o) => o.row.id), expired.map((o) => o.row.attempts)],
      );
      const deliveredIds = await this.updated(
        manager,
        `UPDATE ${T.delivery} d SET state = 'delivered', delivered_at = clock_timestamp(), lease_until = NULL,
           next_attempt_at = NULL, last_error = NULL, updated_at = clock_timestamp()
         FROM unnest($1::uuid[], $2::int[]) AS v(id, attempts)
         WHERE d.id = v.id AND d.state = 'pushing' AND d.attempts = v.attempts RETURNING d.id`,
        [delivered.map((o) => o.row.id), delivered.map((o) => o.row.attempts)],
      );
      // A failure past the maximum age is dead-lettered in the same statement.
      const failedIds = await this.updated(
        manager,
        `UPDATE ${T.delivery} d SET
           state = CASE WHEN v.give_up THEN 'dead-lettered' ELSE 'retrying' END,
           dead_lettered_at = CASE WHEN v.give_up THEN clock_timestamp() ELSE d.dead_lettered_at END,
           lease_until = NULL, next_attempt_at = v.next_attempt_at, last_error = v.last_error,
           updated_at = clock_timestamp()
         FROM unnest($1::uuid[], $2::int[], $3::timestamptz[], $4::text[], $5::boolean[])
           AS v(id, attempts, next_attempt_at, last_error, give_up)
         WHERE d.id = v.id AND d.state = 'pushing' AND d.attempts = v.attempts RETURNING d.id`,
        [
          failed.map((f) => f.outcome.row.id),
          failed.map((f) => f.outcome.row.attempts),
          failed.map((f) => (f.giveUp ? null : f.next)),
          failed.map((f) => f.lastError),
          failed.map((f) => f.giveUp),
        ],
      );
      const recordedDelivered = delivered.filter((o) => deliveredIds.has(o.row.id));
      const recordedFailed = failed.filter((f) => failedIds.has(f.outcome.row.id));
      await this.insertAttempts(manager, finishedAt, [
        ...recordedDelivered.map((o) => ({ outcome: o, next: null })),
        ...recordedFailed.map((f) => ({ outcome: f.outcome, next: f.giveUp ? null : f.next })),
      ]);
      await this.updateCircuits(manager, circuitChanges(attempted));

      const events: EventEnvelope[] = [];
      for (const o of expired) {
        if (expiredIds.has(o.row.id)) events.push(this.deadLettered(o.row, o.row.attempts - 1));
      }
      for (const { row } of recordedDelivered) {
        events.push(
          deliveryEvent(row, 'delivery.delivered', String(row.attempts), {
            ...deliveryRef(row),
            mode: 'push',
            attempt: row.attempts,
          }),
        );
      }
      for (const f of recordedFailed) {
        const { row, result } = f.outcome;
        if (result.ok) continue;
        events.push(
          deliveryEvent(row, 'delivery.attempt-failed', String(row.attempts), {
            ...deliveryRef(row),
            attempt: row.attempts,
            errorClass: result.errorClass,
            error: result.error,
            ...(result.httpStatus ? { httpStatus: result.httpStatus } : {}),
            ...(f.giveUp ? {} : { nextAttemptAt: f.next.toISOString() }),
          }),
        );
        if (f.giveUp) events.push(this.deadLettered({ ...row, last_error: f.lastError }, row.attempts));
      }
      return { result: undefined, events };
    });
  }

  /** When a failed attempt is tried again, or that it never will be (past the maximum age). */
  private failure(outcome: Attempted, finishedAt: Date) {
    const { row, result } = outcome;
    const next = new Date(finishedAt.getTime() + retryDelayMs(this.policy.retry, row.attempts));
    const expires = new Date(row.age_from).getTime() + this.policy.maxAgeMs;
    const lastError = result.ok ? '' : `${result.errorClass}: ${result.error}`;
    return { outcome, next, giveUp: next.getTime() > expires, lastError };
  }

  /** Deliveries handed back without counting the attempt (their agency's circuit opened meanwhile). */
  private async release(manager: EntityManager, released: Released[]): Promise<void> {
    if (released.length === 0) return;
    await manager.query(
      `UPDATE ${T.delivery} d SET state = 'retrying', attempts = d.attempts - 1, lease_until = NULL,
         next_attempt_at = v.until, updated_at = clock_timestamp()
       FROM unnest($1::uuid[], $2::int[], $3::timestamptz[]) AS v(id, attempts, until)
       WHERE d.id = v.id AND d.state = 'pushing' AND d.attempts = v.attempts`,
      [released.map((o) => o.row.id), released.map((o) => o.row.attempts), released.map((o) => o.until)],
    );
  }

  /** Runs a multi-row `UPDATE … RETURNING d.id` (skipped when empty) and answers the ids it changed. */
  private async updated(manager: EntityManager, sql: string, params: unknown[][]): Promise<Set<string>> {
    if (params[0].length === 0) return new Set();
    const rows = rowsOf<{ id: string }>(await manager.query(sql, params));
    return new Set(rows.map((r) => r.id));
  }

  private async insertAttempts(
    manager: EntityManager,
    finishedAt: Date,
    attempts: Array<{ outcome: Attempted; next: Date | null }>,
  ): Promise<void> {
    if (attempts.length === 0) return;
    const col = <V>(pick: (a: { outcome: Attempted; next: Date | null }) => V): V[] => attempts.map(pick);
    await manager.query(
      `INSERT INTO ${T.attempt} (delivery_id, attempt, started_at, finished_at, outcome, error_class, error,
         http_status, endpoint, next_attempt_at)
       SELECT v.delivery_id, v.attempt, v.started_at, $4, v.outcome, v.error_class, v.error, v.http_status,
         v.endpoint, v.next_attempt_at
       FROM unnest($1::uuid[], $2::int[], $3::timestamptz[], $5::text[], $6::text[], $7::text[], $8::int[],
                   $9::text[], $10::timestamptz[])
         AS v(delivery_id, attempt, started_at, outcome, error_class, error, http_status, endpoint, next_attempt_at)
       ON CONFLICT DO NOTHING`,
      [
        col((a) => a.outcome.row.id),
        col((a) => a.outcome.row.attempts),
        col((a) => a.outcome.startedAt),
        finishedAt,
        col((a) => (a.outcome.result.ok ? 'delivered' : 'failed')),
        col((a) => (a.outcome.result.ok ? null : a.outcome.result.errorClass)),
        col((a) => (a.outcome.result.ok ? null : a.outcome.result.error)),
        col((a) => a.outcome.result.httpStatus ?? null),
        col((a) => a.outcome.endpoint),
        col((a) => a.next),
      ],
    );
  }

  private deadLettered(row: ClaimedDelivery, attempts: number): EventEnvelope {
    const noEndpoint = (row.last_error ?? '').includes('NO_ENDPOINT');
    return deliveryEvent(row, 'delivery.dead-lettered', `${row.redeliveries}`, {
      ...deliveryRef(row),
      senderCode: row.sender_code,
      reason: noEndpoint ? 'no-endpoint' : 'max-age',
      attempts,
      lastError: row.last_error ?? 'maximum age reached before any attempt',
    });
  }

  /** The batch's circuit changes in at most three statements, whatever the number of agencies. */
  private async updateCircuits(
    manager: EntityManager,
    circuit: Map<string, { failures: number; success: boolean }>,
  ): Promise<void> {
    // Sorted: concurrent batches (and replicas) take the circuit rows' locks in one order (no deadlock).
    const agencies = [...circuit.keys()].sort();
    const closing = agencies.filter((a) => circuit.get(a)?.success);
    const failing = agencies.filter((a) => !circuit.get(a)?.success && (circuit.get(a)?.failures ?? 0) > 0);
    if (closing.length > 0) {
      // One success closes the circuit: the agency answers again. Rows already closed are not touched.
      await manager.query(
        `UPDATE ${T.circuit} SET consecutive_failures = 0, open_until = NULL, updated_at = clock_timestamp()
         WHERE agency_code IN (
           SELECT agency_code FROM ${T.circuit}
           WHERE agency_code = ANY($1::text[]) AND (consecutive_failures > 0 OR open_until IS NOT NULL)
           ORDER BY agency_code FOR UPDATE)`,
        [closing],
      );
      for (const agency of closing) this.openCircuits.delete(agency);
    }
    if (failing.length === 0) return;
    const states = rowsOf<{ agency_code: string; open_until: Date | null }>(
      await manager.query(
        `INSERT INTO ${T.circuit} AS ac (agency_code, consecutive_failures)
         SELECT * FROM unnest($1::text[], $2::int[]) ORDER BY 1
         ON CONFLICT (agency_code) DO UPDATE SET consecutive_failures = ac.consecutive_failures + excluded.consecutive_failures,
           updated_at = clock_timestamp()
         RETURNING agency_code, open_until`,
        [failing, failing.map((a) => circuit.get(a)?.failures ?? 0)],
      ),
    );
    const opened = rowsOf<{ agency_code: string; open_until: Date }>(
      await manager.query(
        `UPDATE ${T.circuit} SET open_until = clock_timestamp() + ($2 || ' milliseconds')::interval,
           opened_count = opened_count + 1
         WHERE agency_code = ANY($1::text[]) AND consecutive_failures >= $3
           AND (open_until IS NULL OR open_until <= clock_timestamp())
         RETURNING agency_code, open_until`,
        [failing, String(this.policy.circuitOpenMs), this.policy.circuitFailureThreshold],
      ),
    );
    const until = new Map(states.map((r) => [r.agency_code, r.open_until]));
    for (const r of opened) until.set(r.agency_code, r.open_until);
    for (const [agency, openUntil] of until) {
      if (openUntil && new Date(openUntil).getTime() > Date.now())
        this.openCircuits.set(agency, new Date(openUntil));
    }
  }
}
