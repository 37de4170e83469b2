import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The shared conformance corpus (real agency packages), read at test time from `../shared/conformance`
 * beside the repository (or LT_CONFORMANCE_DIR).
 */
export function conformanceDir(): string {
  if (process.env.LT_CONFORMANCE_DIR) return process.env.LT_CONFORMANCE_DIR;
  return resolve(__dirname, '..', '..', '..', '..', '..', 'shared', 'conformance');
}

export function realWorldPackages(): Array<{ name: string; bytes: Buffer }> {
  const dir = join(conformanceDir(), 'edxml', 'real-world');
  if (!existsSync(dir)) throw new Error(`conformance corpus not found at ${dir} (set LT_CONFORMANCE_DIR)`);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.edxml'))
    .sort()
    .map((name) => ({ name, bytes: readFileSync(join(dir, name)) }));
}
