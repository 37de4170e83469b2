import { EventEnvelope, UpcasterRegistry } from '@lt/contracts';
import { DocumentLifecycle } from './lifecycle';
import { applyEvent, concernsLifecycles, emptyLifecycle, LifecycleStore } from './lifecycle.reducer';
import { foldText } from './fold-text';

/** Anything that runs SQL: a DataSource, an EntityManager or a pg client. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** One row of the audit log as the projection reads it. */
export interface LoggedEvent {
  position: number;
  event: EventEnvelope;
}

/**
 * Writes document lifecycles from audit log rows into the projection tables. The live path calls it
 * inside the transaction that appends the rows; a rebuild calls it on tables with a suffix, keeping a
 * cache of lifecycles between chunks so it reads nothing back.
 */
/** Lifecycles held in memory, with the index of their sender DocumentIds. */
export class ProjectionCache {
  readonly docs = new Map<string, DocumentLifecycle>();
  readonly senders = new Map<string, string>();

  put(doc: DocumentLifecycle): void {
    this.docs.set(doc.documentId, doc);
    indexSender(this.senders, doc);
  }

  clear(): void {
    this.docs.clear();
    this.senders.clear();
  }
}

export class LifecycleProjector {
  constructor(
    private readonly schema: string,
    private readonly upcasters: UpcasterRegistry,
    private readonly suffix = '',
  ) {}

  private get lifecycleTable() {
    return `"${this.schema}".lifecycle${this.suffix}`;
  }

  private get recipientTable() {
    return `"${this.schema}".recipient_lifecycle${this.suffix}`;
  }

  /**
   * Applies `rows` (in log order) and writes every lifecycle they changed.
   * @param cache lifecycles already in memory (a rebuild passes one that lives across calls)
   * @returns the number of lifecycles written
   */
  async apply(db: Queryable, rows: LoggedEvent[], cache = new ProjectionCache()): Promise<number> {
    const events = rows
      .filter((r) => concernsLifecycles(r.event.type))
      .map((r) => ({ position: r.position, event: this.upcasters.upcast(r.event) }));
    if (events.length === 0) return 0;
    await this.load(db, events, cache);
    const dirty = new Set<DocumentLifecycle>();
    const store: LifecycleStore = {
      get: (id) => cache.docs.get(id),
      create: (id) => {
        const doc = emptyLifecycle(id);
        cache.put(doc);
        return doc;
      },
      findBySenderDocument: (sender, senderDocumentId) =>
        cache.senders.get(senderKey(sender, senderDocumentId)),
      touch: (doc) => {
        dirty.add(doc);
        indexSender(cache.senders, doc);
      },
    };
    for (const { position, event } of events) applyEvent(store, event, position);
    await this.write(db, [...dirty]);
    return dirty.size;
  }

  /** Loads the lifecycles the events may touch and that the cache does not hold. */
  private async load(db: Queryable, events: LoggedEvent[], cache: ProjectionCache): Promise<void> {
    const ids = new Set<string>();
    const senders: string[] = [];
    const senderDocs: string[] = [];
    for (const { event } of events) {
      const data = (event.data ?? {}) as Record<string, unknown>;
      const id = typeof data.documentId === 'string' ? data.documentId : event.correlationId;
      if (!cache.docs.has(id)) ids.add(id);
      if (!cache.docs.has(event.correlationId)) ids.add(event.correlationId);
      const key = senderReference(event);
      if (key && !cache.senders.has(senderKey(key[0], key[1]))) {
        senders.push(key[0]);
        senderDocs.push(key[1]);
      }
    }
    if (ids.size) {
      const rows = (await db.query(
        `SELECT document_id, state FROM ${this.lifecycleTable} WHERE document_id = ANY($1::text[])`,
        [[...ids]],
      )) as Array<{ document_id: string; state: DocumentLifecycle }>;
      for (const r of rows) cache.put(r.state);
    }
    if (senders.length) {
      const rows = (await db.query(
        `SELECT DISTINCT ON (l.sender_code, l.sender_document_id) l.document_id, l.state
         FROM ${this.lifecycleTable} l
         JOIN unnest($1::text[], $2::text[]) AS k(sender, doc) ON l.sender_code = k.sender AND l.sender_document_id = k.doc
         ORDER BY l.sender_code, l.sender_document_id, l.submitted_at DESC`,
        [senders, senderDocs],
      )) as Array<{ document_id: string; state: DocumentLifecycle }>;
      for (const r of rows) cache.put(cache.docs.get(r.document_id) ?? r.state);
    }
  }

  private async write(db: Queryable, docs: DocumentLifecycle[]): Promise<void> {
    if (docs.length === 0) return;
    const rows = docs.map((d) => {
      const recipients = Object.values(d.recipients);
      const header = d.submitted?.header ?? {};
      return {
        document_id: d.documentId,
        sender_code: d.submitted?.senderCode ?? null,
        sender_document_id: d.submitted?.senderDocumentId ?? null,
        code_notation: typeof header.codeNotation === 'string' ? header.codeNotation : null,
        document_type: typeof header.documentType === 'string' ? header.documentType : null,
        priority: d.routing?.priority ?? (typeof header.priority === 'number' ? header.priority : null),
        submitted_at: d.submitted?.at ?? null,
        recipient_codes: recipients.map((r) => r.agencyCode).sort(),
        current_statuses: [...new Set(recipients.map((r) => r.currentStatus).filter(Boolean))].sort(),
        subject: typeof header.subject === 'string' ? foldText(header.subject) : '',
        overall: d.summary.overall,
        last_position: d.lastPosition,
        state: d,
      };
    });
    await db.query(
      `INSERT INTO ${this.lifecycleTable} (document_id, sender_code, sender_document_id, code_notation, document_type,
         priority, submitted_at, recipient_codes, current_statuses, subject_words, overall, last_position, state)
       SELECT document_id, sender_code, sender_document_id, code_notation, document_type, priority, submitted_at,
         recipient_codes, current_statuses, to_tsvector('simple', subject), overall, last_position, state
       FROM jsonb_to_recordset($1::jsonb) AS x(document_id text, sender_code text, sender_document_id text,
         code_notation text, document_type text, priority smallint, submitted_at timestamptz, recipient_codes text[],
         current_statuses text[], subject text, overall text, last_position bigint, state jsonb)
       ON CONFLICT (document_id) DO UPDATE SET sender_code = EXCLUDED.sender_code,
         sender_document_id = EXCLUDED.sender_document_id, code_notation = EXCLUDED.code_notation,
         document_type = EXCLUDED.document_type, priority = EXCLUDED.priority, submitted_at = EXCLUDED.submitted_at,
         recipient_codes = EXCLUDED.recipient_codes, current_statuses = EXCLUDED.current_statuses,
         subject_words = EXCLUDED.subject_words, overall = EXCLUDED.overall,
         last_position = EXCLUDED.last_position, state = EXCLUDED.state`,
      [JSON.stringify(rows)],
    );
    const recipientRows = docs.flatMap((d) =>
      Object.values(d.recipients).map((r) => ({
        document_id: d.documentId,
        recipient_code: r.agencyCode,
        sender_code: d.submitted?.senderCode ?? null,
        submitted_at: d.submitted?.at ?? null,
        delivered_at: r.deliveredAt ?? null,
        received_at: r.receivedAt ?? null,
        completed_at: r.completedAt ?? null,
        refused_at: r.refusedAt ?? null,
        current_status: r.currentStatus ?? null,
        overdue_reported: !!r.receiptOverdue,
      })),
    );
    await db.query(`DELETE FROM ${this.recipientTable} WHERE document_id = ANY($1::text[])`, [
      docs.map((d) => d.documentId),
    ]);
    if (recipientRows.length)
      await db.query(
        `INSERT INTO ${this.recipientTable} (document_id, recipient_code, sender_code, submitted_at, delivered_at,
           received_at, completed_at, refused_at, current_status, overdue_reported)
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(document_id text, recipient_code text, sender_code text,
           submitted_at timestamptz, delivered_at timestamptz, received_at timestamptz, completed_at timestamptz,
           refused_at timestamptz, current_status text, overdue_reported boolean)`,
        [JSON.stringify(recipientRows)],
      );
  }
}

function senderKey(sender: string, senderDocumentId: string): string {
  return `${sender}\u0000${senderDocumentId}`;
}

function indexSender(index: Map<string, string>, doc: DocumentLifecycle): void {
  const s = doc.submitted;
  if (s?.senderDocumentId) index.set(senderKey(s.senderCode, s.senderDocumentId), doc.documentId);
}

/** The (sender, sender DocumentId) an event refers to by business identity, if any. */
function senderReference(event: EventEnvelope): [string, string] | undefined {
  const data = (event.data ?? {}) as Record<string, unknown>;
  if (event.type === 'status.submitted') {
    const r = (data.responseFor ?? {}) as Record<string, unknown>;
    if (typeof r.organId === 'string' && typeof r.documentId === 'string') return [r.organId, r.documentId];
  }
  if (event.type === 'document.submitted') {
    const h = (data.header ?? {}) as Record<string, unknown>;
    const sender = typeof data.senderCode === 'string' ? data.senderCode : event.actor;
    if (typeof h.targetDocumentId === 'string') return [sender, h.targetDocumentId];
  }
  return undefined;
}
