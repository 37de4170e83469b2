#!/usr/bin/env node
// A small command-line client for the hub's agency API: send a package, list the inbox, fetch, ack,
// send a status — and the operator's credential commands. Plain Node (no build): signs requests the
// way docs/intake-api.md describes. `node scripts/lt-client.js help` for usage.
'use strict';
const { createHash, createHmac, randomBytes } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

/** Where the demo credentials are written (LT_DEMO_FILE, read when used, overrides it). */
const demoFile = () =>
  process.env.LT_DEMO_FILE ?? path.join(__dirname, '..', '.data', 'demo-credentials.json');

/** The demo agencies `npm start` seeds: a ministry, two provinces, a commune (codes from the sample directory). */
const DEMO_AGENCIES = [
  { systemId: 'demo-g22', agencyCode: '000.00.00.G22', label: 'Văn phòng Chính phủ (ministry level)' },
  { systemId: 'demo-h29', agencyCode: '000.00.00.H29', label: 'UBND TP Hồ Chí Minh (province)' },
  { systemId: 'demo-h41', agencyCode: '000.00.00.H41', label: 'UBND tỉnh Nghệ An (province)' },
  { systemId: 'demo-nghi-xuan', agencyCode: '000.01.15.H41', label: 'UBND xã Nghi Xuân, Nghệ An (commune)' },
];

const USAGE = `Usage: node scripts/lt-client.js [--url URL] [--as SYSTEM_ID] COMMAND [ARGS]

Agency commands (credentials: LT_SYSTEM_ID and LT_SECRET, or --as a demo system id from npm start):
  send FILE [--key IDEMPOTENCY_KEY]    submit a document package (.edxml)
  status FILE                          submit a status package
  doc DOCUMENT_ID                      a document's state per recipient
  inbox [--type edoc|status]           what waits for you
  fetch ITEM_ID [--out FILE]           download a waiting package (stdout without --out)
  ack ITEM_ID [done|fail] [--reason R] acknowledge a downloaded package
  agencies [--q WORDS]                 search the agency directory

Operator commands (LT_OPERATOR_TOKEN, or the token npm start printed):
  operator issue AGENCY_CODE [--system SYSTEM_ID]
  operator list [AGENCY_CODE]
  operator rotate SYSTEM_ID [--grace SECONDS]
  operator revoke SYSTEM_ID [--credential CREDENTIAL_ID]

URL: --url or LT_URL (default http://127.0.0.1:3000).`;

/** Headers that sign one request: HMAC-SHA256 with key SHA-256(secret) over method, path, time, nonce, body digest. */
function signedHeaders(credentials, method, pathAndQuery, body) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString('base64url');
  const bodySha256 = createHash('sha256')
    .update(body ?? Buffer.alloc(0))
    .digest('hex');
  const key = createHash('sha256').update(credentials.secret, 'utf8').digest();
  const canonical = [method.toUpperCase(), pathAndQuery, timestamp, nonce, bodySha256].join('\n');
  return {
    'x-lt-system-id': credentials.systemId,
    'x-lt-timestamp': timestamp,
    'x-lt-nonce': nonce,
    'x-lt-signature': createHmac('sha256', key).update(canonical, 'utf8').digest('hex'),
  };
}

function readDemoFile() {
  try {
    return JSON.parse(fs.readFileSync(demoFile(), 'utf8'));
  } catch {
    return undefined;
  }
}

async function operatorCall(url, token, method, pathAndQuery, body) {
  const r = await fetch(`${url}${pathAndQuery}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: r.status, body: await r.json().catch(() => null) };
}

/**
 * Issues the demo agencies' credentials through intake's operator API (used by `npm start`). A system
 * that already has a secret (a reused database) gets a fresh one by rotation without grace. Writes
 * them to .data/demo-credentials.json (git-ignored) for this client's `--as`.
 */
async function seedDemoCredentials(url, operatorToken) {
  const agencies = [];
  for (const demo of DEMO_AGENCIES) {
    let r = await operatorCall(url, operatorToken, 'POST', '/v1/operator/credentials', {
      agencyCode: demo.agencyCode,
      systemId: demo.systemId,
      label: demo.label,
    });
    if (r.status === 409) {
      r = await operatorCall(url, operatorToken, 'POST', `/v1/operator/credentials/${demo.systemId}/rotate`, {
        graceSeconds: 0,
      });
    }
    if (r.status !== 201) throw new Error(`seeding ${demo.systemId}: ${r.status} ${JSON.stringify(r.body)}`);
    agencies.push({ ...demo, secret: r.body.secret });
  }
  const file = demoFile();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ url, operatorToken, agencies }, null, 2), { mode: 0o600 });
  return { file, agencies };
}

function parseArgs(argv) {
  const options = {};
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--')) options[argv[i].slice(2)] = argv[++i];
    else positional.push(argv[i]);
  }
  return { options, positional };
}

async function main(argv) {
  const { options, positional } = parseArgs(argv);
  const [command, ...args] = positional;
  if (!command || command === 'help') return void console.log(USAGE);
  const demo = readDemoFile();
  const url = (options.url ?? process.env.LT_URL ?? demo?.url ?? 'http://127.0.0.1:3000').replace(/\/$/, '');

  if (command === 'operator') {
    const token = process.env.LT_OPERATOR_TOKEN ?? demo?.operatorToken;
    if (!token) throw new Error('set LT_OPERATOR_TOKEN');
    const [action, subject] = args;
    const calls = {
      issue: () =>
        operatorCall(url, token, 'POST', '/v1/operator/credentials', {
          agencyCode: subject,
          systemId: options.system,
        }),
      list: () =>
        operatorCall(
          url,
          token,
          'GET',
          `/v1/operator/credentials${subject ? `?agencyCode=${encodeURIComponent(subject)}` : ''}`,
        ),
      rotate: () =>
        operatorCall(
          url,
          token,
          'POST',
          `/v1/operator/credentials/${subject}/rotate`,
          options.grace ? { graceSeconds: Number(options.grace) } : {},
        ),
      revoke: () =>
        operatorCall(
          url,
          token,
          'POST',
          `/v1/operator/credentials/${subject}/revoke`,
          options.credential ? { credentialId: options.credential } : {},
        ),
    };
    if (!calls[action]) throw new Error(`unknown operator command ${action}\n${USAGE}`);
    const r = await calls[action]();
    console.log(JSON.stringify(r.body, null, 2));
    return r.status < 300 ? 0 : 1;
  }

  const as = options.as ?? process.env.LT_AS;
  const fromDemo = as ? demo?.agencies.find((a) => a.systemId === as || a.agencyCode === as) : undefined;
  const credentials = fromDemo ?? { systemId: process.env.LT_SYSTEM_ID, secret: process.env.LT_SECRET };
  if (!credentials.systemId || !credentials.secret) {
    throw new Error(
      'no credentials: set LT_SYSTEM_ID and LT_SECRET, or --as a demo system id (npm start seeds them)',
    );
  }
  const call = async (method, pathAndQuery, body, contentType, extraHeaders = {}) => {
    const headers = { ...extraHeaders, ...signedHeaders(credentials, method, pathAndQuery, body) };
    if (body) headers['content-type'] = contentType;
    return fetch(`${url}${pathAndQuery}`, { method, headers, body });
  };
  const print = async (r) => {
    const text = await r.text();
    try {
      console.log(JSON.stringify(JSON.parse(text), null, 2));
    } catch {
      console.log(text);
    }
    return r.status < 300 ? 0 : 1;
  };
  switch (command) {
    case 'send':
      return print(
        await call(
          'POST',
          '/v1/documents',
          fs.readFileSync(args[0]),
          'application/xml',
          options.key ? { 'idempotency-key': options.key } : {},
        ),
      );
    case 'status':
      return print(await call('POST', '/v1/statuses', fs.readFileSync(args[0]), 'application/xml'));
    case 'doc':
      return print(await call('GET', `/v1/documents/${encodeURIComponent(args[0])}`));
    case 'inbox':
      return print(await call('GET', `/v1/inbox${options.type ? `?type=${options.type}` : ''}`));
    case 'fetch': {
      const r = await call('GET', `/v1/inbox/${encodeURIComponent(args[0])}/package`);
      if (r.status !== 200) return print(r);
      const bytes = Buffer.from(await r.arrayBuffer());
      if (options.out) {
        fs.writeFileSync(options.out, bytes);
        console.log(
          `${bytes.length} bytes written to ${options.out} (document ${r.headers.get('x-lt-document-id')})`,
        );
      } else process.stdout.write(bytes);
      return 0;
    }
    case 'ack': {
      const body = Buffer.from(
        JSON.stringify({ outcome: args[1] ?? 'done', ...(options.reason ? { reason: options.reason } : {}) }),
      );
      return print(
        await call('POST', `/v1/inbox/${encodeURIComponent(args[0])}/ack`, body, 'application/json'),
      );
    }
    case 'agencies':
      return print(
        await call('GET', `/v1/agencies${options.q ? `?q=${encodeURIComponent(options.q)}` : ''}`),
      );
    default:
      throw new Error(`unknown command ${command}\n${USAGE}`);
  }
}

module.exports = { seedDemoCredentials, signedHeaders, DEMO_AGENCIES };

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code ?? 0),
    (error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
