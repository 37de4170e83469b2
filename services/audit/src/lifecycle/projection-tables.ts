/**
 * DDL of the lifecycle projection. A rebuild creates the same tables with a suffix, fills them from
 * the log, compares checksums with the live ones, and swaps them in.
 *
 * `lifecycle` holds one row per hub document: search columns plus the whole lifecycle as jsonb.
 * `recipient_lifecycle` holds one row per (document, recipient) for the agency reports.
 */
/** Names of the projection tables' indexes (without suffix), renamed when a rebuild is swapped in. */
export const PROJECTION_INDEXES = [
  'lifecycle_submitted',
  'lifecycle_sender',
  'lifecycle_sender_document',
  'lifecycle_code_notation',
  'lifecycle_recipients',
  'lifecycle_statuses',
  'lifecycle_subject',
  'recipient_lifecycle_agency',
];

export const PROJECTION_TABLES = ['lifecycle', 'recipient_lifecycle'];

/** Tables and indexes of the projection, with `suffix` on every name. */
export function createProjectionTables(schema: string, suffix: string): string[] {
  return [...projectionTableDdl(schema, suffix), ...projectionIndexDdl(schema, suffix)];
}

/**
 * The two tables with their primary keys only. `unlogged`: a rebuild fills UNLOGGED shadow tables (no
 * WAL while filling) and makes them LOGGED once their checksum is taken, before the swap.
 */
export function projectionTableDdl(schema: string, suffix: string, unlogged = false): string[] {
  const l = `"${schema}".lifecycle${suffix}`;
  const r = `"${schema}".recipient_lifecycle${suffix}`;
  const kind = unlogged ? 'UNLOGGED TABLE' : 'TABLE';
  return [
    `CREATE ${kind} ${l} (
      document_id text PRIMARY KEY,
      sender_code text,
      sender_document_id text,
      code_notation text,
      document_type text,
      priority smallint,
      submitted_at timestamptz,
      recipient_codes text[] NOT NULL DEFAULT '{}',
      current_statuses text[] NOT NULL DEFAULT '{}',
      subject_words tsvector,
      overall text NOT NULL,
      last_position bigint NOT NULL,
      state jsonb NOT NULL
    )`,
    `CREATE ${kind} ${r} (
      document_id text NOT NULL,
      recipient_code text NOT NULL,
      sender_code text,
      submitted_at timestamptz,
      delivered_at timestamptz,
      received_at timestamptz,
      completed_at timestamptz,
      refused_at timestamptz,
      current_status text,
      overdue_reported boolean NOT NULL DEFAULT false,
      PRIMARY KEY (document_id, recipient_code)
    )`,
  ];
}

/** The secondary (search and report) indexes; a rebuild creates them after filling the tables. */
export function projectionIndexDdl(schema: string, suffix: string): string[] {
  const l = `"${schema}".lifecycle${suffix}`;
  const r = `"${schema}".recipient_lifecycle${suffix}`;
  const i = (name: string) => `${name}${suffix}`;
  return [
    `CREATE INDEX ${i('lifecycle_submitted')} ON ${l} (submitted_at DESC, document_id DESC)`,
    `CREATE INDEX ${i('lifecycle_sender')} ON ${l} (sender_code, submitted_at DESC, document_id DESC)`,
    `CREATE INDEX ${i('lifecycle_sender_document')} ON ${l} (sender_document_id, sender_code)`,
    `CREATE INDEX ${i('lifecycle_code_notation')} ON ${l} (lower(code_notation), submitted_at DESC)`,
    `CREATE INDEX ${i('lifecycle_recipients')} ON ${l} USING gin (recipient_codes)`,
    `CREATE INDEX ${i('lifecycle_statuses')} ON ${l} USING gin (current_statuses)`,
    `CREATE INDEX ${i('lifecycle_subject')} ON ${l} USING gin (subject_words)`,
    `CREATE INDEX ${i('recipient_lifecycle_agency')} ON ${r} (recipient_code, submitted_at)`,
  ];
}
