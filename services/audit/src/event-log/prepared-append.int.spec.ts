import { AuditDatabase, openAuditDatabase, someEvents } from '../test-support/audit-database';
import { verifyChain } from '../integrity/chain-verifier';
import { EventLogAppender, prepareAppend } from './event-log.appender';
import { GENESIS_HASH } from './hash-chain';

describe('rows hashed ahead of the append', () => {
  let audit: AuditDatabase;
  let appender: EventLogAppender;
  const rows = () =>
    audit.dataSource.query(
      `SELECT position, event_id, hash FROM audit.event_log ORDER BY position`,
    ) as Promise<Array<{ position: string; event_id: string; hash: string }>>;

  beforeEach(async () => {
    audit = await openAuditDatabase();
    appender = new EventLogAppender(audit.dataSource);
  });
  afterEach(() => audit.close());

  it('are used when the head is the one they were chained onto', async () => {
    const events = someEvents(6);
    const first = prepareAppend(events.slice(0, 3), { position: 0, hash: GENESIS_HASH });
    await appender.append(events.slice(0, 3), first);
    const second = prepareAppend(events.slice(3), first.head);
    const outcome = await appender.append(events.slice(3), second);
    expect(outcome).toMatchObject({ appended: 3, head: second.head });
    expect((await rows()).map((r) => r.hash)).toEqual([...first.cols.hash, ...second.cols.hash]);
    expect(await verifyChain(audit.dataSource)).toMatchObject({ intact: true, rowsChecked: 6 });
  });

  it('are hashed again when the head moved or an id is already in the log', async () => {
    const events = someEvents(6);
    await appender.append(events.slice(0, 2));
    // Chained onto a head that is not the log's (as after a failed or concurrent append).
    const stale = prepareAppend(events.slice(2, 4), { position: 0, hash: GENESIS_HASH });
    const moved = await appender.append(events.slice(2, 4), stale);
    expect(moved).toMatchObject({ appended: 2 });
    expect(moved.head.position).toBe(4);
    // Right head, but one event is a copy of a logged one: skipped, the rest re-hashed.
    const withCopy = [events[0], ...events.slice(4)];
    const copy = prepareAppend(withCopy, moved.head);
    expect(await appender.append(withCopy, copy)).toMatchObject({ appended: 2, duplicates: 1 });
    const log = await rows();
    expect(log.map((r) => r.event_id)).toEqual(events.map((e) => e.event.id.toLowerCase()));
    expect(await verifyChain(audit.dataSource)).toMatchObject({ intact: true, rowsChecked: 6 });
  });
});
