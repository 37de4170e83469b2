#!/usr/bin/env node
// `npm run bench [name...]`: builds the workspace, then runs every bench/*.bench.ts (or the named
// ones) one after another. Each prints its figures and writes its section of docs/benchmarks.md.
const { execFileSync } = require('node:child_process');
const { readdirSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
execFileSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
const wanted = process.argv.slice(2);
const benches = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .filter((name) => wanted.length === 0 || wanted.includes(name));
let failed = 0;
for (const name of benches) {
  console.log(`\n=== bench: ${name} ===`);
  try {
    execFileSync(process.execPath, ['--expose-gc', join(root, 'dist', 'bench', `${name}.bench.js`)], {
      cwd: root,
      stdio: 'inherit',
    });
  } catch {
    failed++;
    console.error(`bench ${name} failed`);
  }
}
process.exit(failed ? 1 : 0);
