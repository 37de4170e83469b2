import { canonicalJson, chainHash, GENESIS_HASH } from '../event-log/hash-chain';
import { Queryable } from '../lifecycle/lifecycle-projector';

export type BreakReason =
  | 'MISSING_ROW'
  | 'UNEXPECTED_ROW'
  | 'PREV_HASH_MISMATCH'
  | 'HASH_MISMATCH'
  | 'COLUMN_MISMATCH'
  | 'CHECKPOINT_MISMATCH'
  | 'TRUNCATED';

export interface ChainBreak {
  /** The first row (position) where the chain stops being provable. */
  position: number;
  reason: BreakReason;
  detail: string;
  eventId?: string;
}

export interface IntegrityReport {
  intact: boolean;
  from: number;
  to: number;
  rowsChecked: number;
  checkpointsChecked: number;
  head: { position: number; hash: string } | null;
  firstBroken?: ChainBreak;
}

interface Row {
  position: string;
  event_id: string;
  type: string;
  correlation_id: string;
  actor: string;
  content: string;
  prev_hash: string;
  hash: string;
}

/**
 * Verifies the hash chain over positions `from`..`to` (default: all of it) and the stored checkpoints
 * inside that range, and names the first broken row. Edited content breaks that row's hash; a deleted
 * row leaves a missing position; an inserted or moved row does not follow its predecessor's hash; a
 * truncated tail, or a chain rewritten wholesale, no longer matches a checkpoint.
 */
export async function verifyChain(
  db: Queryable,
  range: { from?: number; to?: number } = {},
  onProgress: (checked: number, total: number) => void = () => undefined,
  chunk = 5_000,
): Promise<IntegrityReport> {
  const [head] = (await db.query(
    `SELECT position, hash FROM audit.event_log ORDER BY position DESC LIMIT 1`,
  )) as Array<{ position: string; hash: string }>;
  const headPosition = head ? Number(head.position) : 0;
  const from = Math.max(1, range.from ?? 1);
  const to = Math.min(range.to ?? headPosition, headPosition);
  const report: IntegrityReport = {
    intact: true,
    from,
    to,
    rowsChecked: 0,
    checkpointsChecked: 0,
    head: head ? { position: headPosition, hash: head.hash } : null,
  };
  const broken = (b: ChainBreak) => ({ ...report, intact: false, firstBroken: b });

  if (from === 1) {
    const [stray] = (await db.query(
      `SELECT position, event_id FROM audit.event_log WHERE position < 1 ORDER BY position LIMIT 1`,
    )) as Row[];
    if (stray)
      return broken({
        position: Number(stray.position),
        reason: 'UNEXPECTED_ROW',
        detail: 'a row sits before the first position',
        eventId: stray.event_id,
      });
  }
  const checkpoints = new Map<number, { head_hash: string; row_count: string }>();
  for (const c of (await db.query(
    `SELECT position, head_hash, row_count FROM audit.checkpoint WHERE position >= $1 ORDER BY position`,
    [from],
  )) as Array<{ position: string; head_hash: string; row_count: string }>) {
    const p = Number(c.position);
    if (p > headPosition)
      return broken({
        position: headPosition + 1,
        reason: 'TRUNCATED',
        detail: `checkpoint at position ${p} is beyond the head (${headPosition}): rows were removed from the tail`,
      });
    if (p <= to) checkpoints.set(p, c);
  }

  let prevHash = GENESIS_HASH;
  if (from > 1) {
    const [anchor] = (await db.query(`SELECT hash FROM audit.event_log WHERE position = $1`, [
      from - 1,
    ])) as Row[];
    if (!anchor)
      return broken({ position: from - 1, reason: 'MISSING_ROW', detail: `row ${from - 1} is missing` });
    prevHash = anchor.hash;
  }
  let expected = from;
  while (expected <= to) {
    const rows = (await db.query(
      `SELECT position, event_id, type, correlation_id, actor, content, prev_hash, hash
       FROM audit.event_log WHERE position >= $1 AND position <= $2 ORDER BY position LIMIT $3`,
      [expected, to, chunk],
    )) as Row[];
    if (rows.length === 0)
      return broken({
        position: expected,
        reason: 'MISSING_ROW',
        detail: `rows ${expected}..${to} are missing`,
      });
    for (const row of rows) {
      const position = Number(row.position);
      if (position !== expected)
        return broken({
          position: expected,
          reason: 'MISSING_ROW',
          detail: `row ${expected} is missing (next row present: ${position})`,
        });
      const fail = checkRow(row, position, prevHash);
      if (fail) return broken(fail);
      const cp = checkpoints.get(position);
      if (cp) {
        report.checkpointsChecked += 1;
        if (cp.head_hash !== row.hash || Number(cp.row_count) !== position)
          return broken({
            position,
            reason: 'CHECKPOINT_MISMATCH',
            detail: `row ${position} does not match the checkpoint recorded for it: the chain was rewritten up to here`,
            eventId: row.event_id,
          });
      }
      prevHash = row.hash;
      expected += 1;
      report.rowsChecked += 1;
    }
    onProgress(report.rowsChecked, to - from + 1);
  }
  return report;
}

function checkRow(row: Row, position: number, prevHash: string): ChainBreak | undefined {
  const at = { position, eventId: row.event_id };
  if (row.prev_hash !== prevHash)
    return {
      ...at,
      reason: 'PREV_HASH_MISMATCH',
      detail: `row ${position} does not follow row ${position - 1}: a row was inserted, removed or moved here`,
    };
  if (chainHash(position, row.prev_hash, row.content) !== row.hash)
    return {
      ...at,
      reason: 'HASH_MISMATCH',
      detail: `row ${position}'s content does not match its hash: edited`,
    };
  let event: Record<string, unknown>;
  try {
    event = JSON.parse(row.content);
  } catch {
    return { ...at, reason: 'HASH_MISMATCH', detail: `row ${position}'s content is not JSON` };
  }
  if (
    canonicalJson(event) !== row.content ||
    event.id !== row.event_id ||
    event.type !== row.type ||
    event.correlationId !== row.correlation_id ||
    event.actor !== row.actor
  )
    return {
      ...at,
      reason: 'COLUMN_MISMATCH',
      detail: `row ${position}'s columns differ from its hashed content`,
    };
  return undefined;
}
