import { DataSource } from 'typeorm';
import { createEvent, EventEnvelope, UpcasterRegistry } from '@lt/contracts';
import { openServiceDataSource } from '@lt/persistence';
import { createTestDatabase, TestDatabase } from '@lt/testing';
import { AUDIT_MIGRATIONS } from '../migrations/audit-migrations';
import { EventLogAppender } from '../event-log/event-log.appender';
import { LifecycleProjector } from '../lifecycle/lifecycle-projector';

export interface AuditDatabase {
  db: TestDatabase;
  dataSource: DataSource;
  appender: EventLogAppender;
  close(): Promise<void>;
}

/** A fresh database with the audit schema migrated, and an appender with the live projection. */
export async function openAuditDatabase(upcasters = new UpcasterRegistry()): Promise<AuditDatabase> {
  const db = await createTestDatabase('auditdb');
  const dataSource = await openServiceDataSource({
    url: db.url,
    schema: 'audit',
    migrations: AUDIT_MIGRATIONS,
  });
  return {
    db,
    dataSource,
    appender: new EventLogAppender(dataSource, new LifecycleProjector('audit', upcasters)),
    async close() {
      await dataSource.destroy();
      await db.drop();
    },
  };
}

/** `n` small delivery events, as if read from the stream at sequences 1..n. */
export function someEvents(n: number): Array<{ event: EventEnvelope; streamSequence: number }> {
  return Array.from({ length: n }, (_, i) => ({
    streamSequence: i + 1,
    event: createEvent({
      type: 'delivery.queued',
      aggregate: { type: 'delivery', id: `d${i}` },
      correlationId: `doc${i % 3}`,
      actor: 'delivery',
      data: {
        deliveryId: `d${i}`,
        documentId: `doc${i % 3}`,
        recipientCode: '000.00.00.H29',
        mode: 'pull',
        priority: 0,
      },
    }),
  }));
}
