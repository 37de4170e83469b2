import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase } from '@lt/testing';

const root = join(__dirname, '..', '..', '..');
const SERVICES = ['intake', 'signature-verification', 'routing', 'delivery', 'audit'];

/** Runs a built service's main.js and collects its exit code and output (the real process). */
function runMain(service: string, env: NodeJS.ProcessEnv, timeoutMs = 15_000, args: string[] = []) {
  const main = join(root, 'dist', 'services', service, 'src', 'main.js');
  return new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [main, ...args], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${service} did not exit within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('service processes (built with `npm run build`)', () => {
  beforeAll(() => {
    if (!existsSync(join(root, 'dist', 'services', 'intake', 'src', 'main.js'))) {
      throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
    }
  });

  it.each(SERVICES)(
    '%s refuses to start on invalid configuration and names the variable',
    async (service) => {
      const { code, stderr } = await runMain(service, { HTTP_PORT: 'eighty' });
      expect(code).toBe(1);
      const line = JSON.parse(stderr.trim().split('\n').pop()!);
      expect(line).toMatchObject({ level: 'fatal', service, variable: 'HTTP_PORT' });
    },
  );

  it('--migrate-only creates the service schema and exits', async () => {
    const db = await createTestDatabase('migrate');
    try {
      const { code } = await runMain('delivery', { DATABASE_URL: db.url }, 15_000, ['--migrate-only']);
      expect(code).toBe(0);
      const client = new Client({ connectionString: db.url });
      await client.connect();
      const { rows } = await client.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'delivery' ORDER BY 1`,
      );
      await client.end();
      expect(rows.map((r) => r.table_name)).toEqual(
        expect.arrayContaining(['delivery', 'migrations', 'outbox', 'processed_event']),
      );
    } finally {
      await db.drop();
    }
  });

  it('names a malformed NATS_URL', async () => {
    const { code, stderr } = await runMain('routing', { NATS_URL: 'http://127.0.0.1:4222' });
    expect(code).toBe(1);
    expect(stderr).toContain('"variable":"NATS_URL"');
  });
});
