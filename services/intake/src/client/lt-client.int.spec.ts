import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildEdxmlPackage, isolatedMessagingOptions } from '@lt/testing';
import { writeFileSync } from 'node:fs';
import {
  IntakeUnderTest,
  startIntakeUnderTest,
  createIntakeTestEnvironment,
  IntakeTestEnvironment,
} from '../test-support/intake-under-test';

const CLI = join(__dirname, '..', '..', '..', '..', 'scripts', 'lt-client.js');
const run = promisify(execFile);

describe('the command-line client and the demo seeding of npm start (real intake)', () => {
  const messaging = isolatedMessagingOptions('intake-cli');
  const dir = mkdtempSync(join(tmpdir(), 'lt-client-'));
  const env = { ...process.env, LT_DEMO_FILE: join(dir, 'demo.json') };
  let environment: IntakeTestEnvironment;
  let intake: IntakeUnderTest;

  beforeAll(async () => {
    environment = await createIntakeTestEnvironment(messaging, 'intake_cli');
    intake = await startIntakeUnderTest(environment.env);
  });
  afterAll(async () => {
    await intake?.app.close();
    await environment?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('seeds a ministry, two provinces and a commune, twice without failing, and sends as one of them', async () => {
    const { seedDemoCredentials } = require(CLI) as {
      seedDemoCredentials: (
        url: string,
        token: string,
      ) => Promise<{ agencies: Array<{ systemId: string; agencyCode: string; secret: string }> }>;
    };
    process.env.LT_DEMO_FILE = env.LT_DEMO_FILE;
    const first = await seedDemoCredentials(intake.url, intake.operatorToken);
    expect(first.agencies.map((a) => a.agencyCode)).toEqual([
      '000.00.00.G22',
      '000.00.00.H29',
      '000.00.00.H41',
      '000.01.15.H41',
    ]);
    // A restart against the same database rotates the demo secrets instead of failing.
    const second = await seedDemoCredentials(intake.url, intake.operatorToken);
    expect(second.agencies[0].secret).not.toBe(first.agencies[0].secret);

    const file = join(dir, 'doc.edxml');
    writeFileSync(
      file,
      buildEdxmlPackage({
        fromCode: '000.00.00.G22',
        toCodes: ['000.00.00.H41'],
        documentId: `cli-${Date.now()}`,
      }),
    );
    const sent = await run(process.execPath, [CLI, '--url', intake.url, '--as', 'demo-g22', 'send', file], {
      env,
    });
    const accepted = JSON.parse(sent.stdout) as { documentId: string; status: string };
    expect(accepted.status).toBe('submitted');
    const state = await run(
      process.execPath,
      [CLI, '--url', intake.url, '--as', 'demo-g22', 'doc', accepted.documentId],
      { env },
    );
    expect(JSON.parse(state.stdout)).toMatchObject({
      documentId: accepted.documentId,
      senderCode: '000.00.00.G22',
    });
    // The commune cannot read it, and the client says so with the hub's problem and a failing exit code.
    await expect(
      run(
        process.execPath,
        [CLI, '--url', intake.url, '--as', 'demo-nghi-xuan', 'doc', accepted.documentId],
        { env },
      ),
    ).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining('DOCUMENT_NOT_FOUND') });

    const listed = await run(
      process.execPath,
      [CLI, '--url', intake.url, 'operator', 'list', '000.00.00.G22'],
      { env },
    );
    const items = (JSON.parse(listed.stdout) as { items: Array<{ systemId: string; active: boolean }> })
      .items;
    expect(items.filter((i) => i.systemId === 'demo-g22' && i.active)).toHaveLength(1);
  });
});
