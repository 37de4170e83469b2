import { DataSource } from 'typeorm';
import { rowsOf } from '../deliveries/sql-rows';
import { DeliveryRow, T } from '../deliveries/delivery-row';

/** A claimed delivery with what it takes to push it. */
export interface ClaimedDelivery extends DeliveryRow {
  registered_endpoint: string | null;
  secret: string | null;
}

/**
 * The persisted push schedule. Workers in any number of replicas claim due deliveries with
 * `FOR UPDATE SKIP LOCKED` (each row goes to one worker), highest priority first, a few per agency at
 * a time, skipping agencies whose circuit is open. A claim is a lease: a worker that dies leaves rows
 * in `pushing` that become due again when the lease runs out.
 */
export class PushScheduleRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claims up to `limit` due deliveries and counts the attempt: one statement, highest priority first,
   * with each delivery's endpoint and secret (so a push needs no further query).
   * @param excludeAgencies agencies this process already pushes to at its per-agency limit
   * @param perAgency most deliveries of one agency in this claim
   * @param minPriority only deliveries at this priority or above (urgent-only claims use 2)
   */
  async claim(
    limit: number,
    excludeAgencies: string[],
    perAgency: number,
    leaseMs: number,
    minPriority = 0,
  ): Promise<ClaimedDelivery[]> {
    const result: unknown = await this.dataSource.query(
      `WITH due AS (
         SELECT x.id, x.recipient_code, x.priority, x.next_attempt_at FROM ${T.delivery} x
         WHERE x.state IN ('queued', 'retrying') AND x.next_attempt_at <= clock_timestamp()
           AND x.priority >= $6
           AND x.recipient_code <> ALL($2::text[])
           AND NOT EXISTS (SELECT 1 FROM ${T.circuit} ac
                           WHERE ac.agency_code = x.recipient_code AND ac.open_until > clock_timestamp())
         ORDER BY x.priority DESC, x.next_attempt_at
         LIMIT $5
       ), fair AS (
         -- At most $3 per agency in one claim: one agency's backlog cannot fill the batch.
         SELECT id FROM (
           SELECT id, row_number() OVER (PARTITION BY recipient_code ORDER BY priority DESC, next_attempt_at) AS rn
           FROM due
         ) ranked WHERE rn <= $3
       ), picked AS (
         SELECT c.id FROM ${T.delivery} c
         WHERE c.id IN (SELECT id FROM fair) AND c.state IN ('queued', 'retrying')
         ORDER BY c.priority DESC, c.next_attempt_at
         LIMIT $1
         FOR UPDATE SKIP LOCKED
       )
       UPDATE ${T.delivery} d
       SET state = 'pushing', attempts = d.attempts + 1, updated_at = clock_timestamp(),
           lease_until = clock_timestamp() + ($4 || ' milliseconds')::interval
       FROM picked WHERE d.id = picked.id
       RETURNING d.*,
         (SELECT e.url FROM ${T.endpoint} e WHERE e.agency_code = d.recipient_code) AS registered_endpoint,
         (SELECT e.secret FROM ${T.endpoint} e WHERE e.agency_code = d.recipient_code) AS secret`,
      [limit, excludeAgencies, perAgency, String(leaseMs), limit * 5, minPriority],
    );
    // Highest priority first, as claimed (RETURNING keeps no order).
    return rowsOf<ClaimedDelivery>(result).sort(
      (a, b) =>
        b.priority - a.priority ||
        new Date(a.next_attempt_at ?? 0).getTime() - new Date(b.next_attempt_at ?? 0).getTime(),
    );
  }

  /** Makes deliveries whose worker died mid-push due again (their request id lets the agency de-duplicate). */
  async reclaimExpiredLeases(): Promise<number> {
    const rows = rowsOf(
      await this.dataSource.query(
        `UPDATE ${T.delivery} SET state = 'retrying', lease_until = NULL, next_attempt_at = clock_timestamp(),
         last_error = 'worker lease expired during the push', updated_at = clock_timestamp()
       WHERE state = 'pushing' AND lease_until < clock_timestamp() RETURNING id`,
      ),
    );
    return rows.length;
  }
}
