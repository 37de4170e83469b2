import { openAuditDatabase, someEvents, AuditDatabase } from '../test-support/audit-database';
import { main } from './audit-cli';

describe('audit-cli', () => {
  let audit: AuditDatabase;
  const env = { ...process.env };
  beforeAll(async () => {
    audit = await openAuditDatabase();
    await audit.appender.append(someEvents(10));
    process.env.DATABASE_URL = audit.db.url;
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterAll(async () => {
    process.env = env;
    jest.restoreAllMocks();
    await audit.close();
  });

  it('verify exits 0 on an intact log and 2 naming the row once tampered; rebuild exits 0 when identical', async () => {
    expect(await main(['verify'])).toBe(0);
    expect(await main(['rebuild'])).toBe(0);
    await audit.dataSource.query(`ALTER TABLE audit.event_log DISABLE TRIGGER USER`);
    await audit.dataSource.query(`UPDATE audit.event_log SET content = content || ' ' WHERE position = 4`);
    await audit.dataSource.query(`ALTER TABLE audit.event_log ENABLE TRIGGER USER`);
    expect(await main(['verify', '--from', '1', '--to', '3'])).toBe(0);
    expect(await main(['verify'])).toBe(2);
    const out = (process.stdout.write as jest.Mock).mock.calls.map((c) => String(c[0])).join('');
    expect(out).toContain('"reason": "HASH_MISMATCH"');
    expect(await main(['nonsense'])).toBe(64);
  });
});
