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
 * Lifecycles held in memory, with the index of their sender DocumentIds.
 *
 * `complete` says the cache holds every lifecycle the tables hold (a rebuild starting on empty tables):
 * then a miss means a new document and nothing is read back. It turns false when the cache is emptied.
 */
export class ProjectionCache {
  readonly docs = new Map<string, DocumentLifecycle>();
  readonly senders = new Map<string, string>();

  constructor(public complete = false) {}

  put(doc: DocumentLifecycle): void {
    this.docs.set(doc.documentId, doc);
    indexSender(this.senders, doc);
  }

  clear(): void {
    this.docs.clear();
    this.senders.clear();
    this.complete = false;
  }
}

/**
 * Writes document lifecycles from audit log rows into the projection tables. The live projection
 * (`projectPending`) calls it for the log rows after its watermark; a rebuild folds the whole log in
 * memory with `fold` and writes rarely with `write`, on tables with a suffix.
 */
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
    const dirty = new Set<DocumentLifecycle>();
    await this.fold(db, rows, cache, dirty);
    await this.write(db, [...dirty]);
    return dirty.size;
  }

  /**
   * Applies `rows` (in log order) to the lifecycles in `cache`, loading from the tables those it
   * lacks (unless the cache is complete), and adds every lifecycle changed to `dirty`; writes nothing.
   */
  async fold(
    db: Queryable,
    rows: LoggedEvent[],
    cache: ProjectionCache,
    dirty: Set<DocumentLifecycle>,
  ): Promise<void> {
    const events = rows
      .filter((r) => concernsLifecycles(r.event.type))
      .map((r) => ({ position: r.position, event: this.upcasters.upcast(r.event) }));
    if (events.length === 0) return;
    if (!cache.complete) await this.load(db, events, cache);
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

  /**
   * Upserts `docs` (search columns + whole state) and replaces their recipient rows. Rows travel as
   * column arrays (`unnest`), the state as text cast to jsonb: far cheaper for PostgreSQL than one
   * JSON document of all rows taken apart by `jsonb_to_recordset`.
   */
  async write(db: Queryable, docs: DocumentLifecycle[]): Promise<void> {
    if (docs.length === 0) return;
    const c = {
      id: [] as string[],
      sender: [] as Array<string | null>,
      senderDoc: [] as Array<string | null>,
      notation: [] as Array<string | null>,
      type: [] as Array<string | null>,
      priority: [] as Array<number | null>,
      submittedAt: [] as Array<string | null>,
      recipients: [] as string[],
      statuses: [] as string[],
      subject: [] as string[],
      overall: [] as string[],
      lastPosition: [] as number[],
      state: [] as string[],
    };
    const r = {
      id: [] as string[],
      code: [] as string[],
      sender: [] as Array<string | null>,
      submittedAt: [] as Array<string | null>,
      deliveredAt: [] as Array<string | null>,
      receivedAt: [] as Array<string | null>,
      completedAt: [] as Array<string | null>,
      refusedAt: [] as Array<string | null>,
      status: [] as Array<string | null>,
      overdue: [] as boolean[],
    };
    for (const d of docs) {
      const recipients = Object.values(d.recipients);
      const header = d.submitted?.header ?? {};
      c.id.push(d.documentId);
      c.sender.push(d.submitted?.senderCode ?? null);
      c.senderDoc.push(d.submitted?.senderDocumentId ?? null);
      c.notation.push(typeof header.codeNotation === 'string' ? header.codeNotation : null);
      c.type.push(typeof header.documentType === 'string' ? header.documentType : null);
      c.priority.push(d.routing?.priority ?? (typeof header.priority === 'number' ? header.priority : null));
      c.submittedAt.push(d.submitted?.at ?? null);
      // Arrays of arrays cannot be ragged in PostgreSQL: each row's array travels as a literal.
      c.recipients.push(arrayLiteral(recipients.map((x) => x.agencyCode).sort()));
      c.statuses.push(
        arrayLiteral(
          [...new Set(recipients.map((x) => x.currentStatus).filter((s): s is string => !!s))].sort(),
        ),
      );
      c.subject.push(typeof header.subject === 'string' ? foldText(header.subject) : '');
      c.overall.push(d.summary.overall);
      c.lastPosition.push(d.lastPosition);
      c.state.push(JSON.stringify(d));
      for (const x of recipients) {
        r.id.push(d.documentId);
        r.code.push(x.agencyCode);
        r.sender.push(d.submitted?.senderCode ?? null);
        r.submittedAt.push(d.submitted?.at ?? null);
        r.deliveredAt.push(x.deliveredAt ?? null);
        r.receivedAt.push(x.receivedAt ?? null);
        r.completedAt.push(x.completedAt ?? null);
        r.refusedAt.push(x.refusedAt ?? null);
        r.status.push(x.currentStatus ?? null);
        r.overdue.push(!!x.receiptOverdue);
      }
    }
    await db.query(
      `INSERT INTO ${this.lifecycleTable} (document_id, sender_code, sender_document_id, code_notation, document_type,
         priority, submitted_at, recipient_codes, current_statuses, subject_words, overall, last_position, state)
       SELECT id, sender, sender_doc, notation, type, priority, submitted_at, recipients::text[], statuses::text[],
         to_tsvector('simple', subject), overall, last_position, state::jsonb
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::smallint[], $7::timestamptz[],
         $8::text[], $9::text[], $10::text[], $11::text[], $12::bigint[], $13::text[])
         AS x(id, sender, sender_doc, notation, type, priority, submitted_at, recipients, statuses, subject, overall,
           last_position, state)
       ON CONFLICT (document_id) DO UPDATE SET sender_code = EXCLUDED.sender_code,
         sender_document_id = EXCLUDED.sender_document_id, code_notation = EXCLUDED.code_notation,
         document_type = EXCLUDED.document_type, priority = EXCLUDED.priority, submitted_at = EXCLUDED.submitted_at,
         recipient_codes = EXCLUDED.recipient_codes, current_statuses = EXCLUDED.current_statuses,
         subject_words = EXCLUDED.subject_words, overall = EXCLUDED.overall,
         last_position = EXCLUDED.last_position, state = EXCLUDED.state`,
      [
        c.id,
        c.sender,
        c.senderDoc,
        c.notation,
        c.type,
        c.priority,
        c.submittedAt,
        c.recipients,
        c.statuses,
        c.subject,
        c.overall,
        c.lastPosition,
        c.state,
      ],
    );
    await db.query(`DELETE FROM ${this.recipientTable} WHERE document_id = ANY($1::text[])`, [c.id]);
    if (r.id.length)
      await db.query(
        `INSERT INTO ${this.recipientTable} (document_id, recipient_code, sender_code, submitted_at, delivered_at,
           received_at, completed_at, refused_at, current_status, overdue_reported)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[],
           $6::timestamptz[], $7::timestamptz[], $8::timestamptz[], $9::text[], $10::boolean[])`,
        [
          r.id,
          r.code,
          r.sender,
          r.submittedAt,
          r.deliveredAt,
          r.receivedAt,
          r.completedAt,
          r.refusedAt,
          r.status,
          r.overdue,
        ],
      );
  }
}

/** A PostgreSQL text[] literal: every element quoted, so commas, braces and NULL-like words are safe. */
export function arrayLiteral(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`).join(',')}}`;
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
