/**
 * Start-up (issue 2): time from process start to /health/ready, and resident memory once idle, for
 * each service, run as the real built process against the local NATS and PostgreSQL.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, deleteTestStreams, isolatedMessagingOptions } from '@lt/testing';
import { table, writeBenchSection, progress } from './lib/bench-report';

const root = join(__dirname, '..', '..');
const SERVICES = ['intake', 'signature-verification', 'routing', 'delivery', 'audit'];

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function measure(service: string, port: number, env: NodeJS.ProcessEnv) {
  const started = performance.now();
  const child = spawn(process.execPath, [join(root, 'dist', 'services', service, 'src', 'main.js')], {
    env: { ...process.env, ...env, HTTP_PORT: String(port), HTTP_HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  try {
    let readyMs = NaN;
    while (performance.now() - started < 30_000) {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/health/ready`);
        if (r.status === 200) {
          readyMs = performance.now() - started;
          break;
        }
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 2_000));
    return { readyMs, rss: rssMb(child.pid!) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

async function main() {
  const messaging = isolatedMessagingOptions('bench-start');
  const db = await createTestDatabase('benchstart');
  const env = {
    DATABASE_URL: db.url,
    LT_SUBJECT_PREFIX: messaging.subjects.prefix,
    LT_STREAM: messaging.streamName,
  };
  const rows: Array<Array<string | number>> = [];
  try {
    for (const [i, service] of SERVICES.entries()) {
      // First start migrates an empty schema; the second is a restart, as in a rolling deploy.
      const first = await measure(service, 39100 + i, env);
      const second = await measure(service, 39100 + i, env);
      rows.push([service, Math.round(first.readyMs), Math.round(second.readyMs), second.rss.toFixed(0)]);
      progress('services', i + 1, SERVICES.length);
    }
  } finally {
    await db.drop();
    await deleteTestStreams(messaging);
  }
  const md = `Real processes (\`node dist/services/<name>/src/main.js\`) against the local NATS and PostgreSQL; ready = first 200 from /health/ready (NATS, PostgreSQL and consumers up); RSS read from /proc 2 s after ready.\n\n${table(
    ['service', 'first start to ready (ms, migrating)', 'restart to ready (ms)', 'idle RSS (MB)'],
    rows,
  )}\n\nTargets: under 3 s and under 150 MB per service.`;
  console.log(md);
  writeBenchSection('startup', 'Service start-up time and idle memory', md);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
