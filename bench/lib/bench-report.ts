import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { cpus } from 'node:os';

const REPORT = join(__dirname, '..', '..', '..', 'docs', 'benchmarks.md');

/**
 * Writes one benchmark's section into docs/benchmarks.md, replacing that benchmark's previous
 * section (between `<!-- bench:NAME -->` markers) and leaving the others alone.
 */
export function writeBenchSection(name: string, title: string, markdownBody: string): void {
  const header =
    '# Benchmarks\n\nWritten by `npm run bench`; each section is replaced when its benchmark runs again.\n';
  let text = existsSync(REPORT) ? readFileSync(REPORT, 'utf8') : header;
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}`;
  const section = `${start}\n## ${title}\n\n_Run ${new Date().toISOString()} on ${machine}._\n\n${markdownBody.trim()}\n${end}`;
  const pattern = new RegExp(`${escape(start)}[\\s\\S]*?${escape(end)}`);
  text = pattern.test(text) ? text.replace(pattern, section) : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(REPORT, text);
}

/** A markdown table from rows of cells. */
export function table(headers: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Prints progress for long runs on one line (stderr, so stdout stays the figures). */
export function progress(label: string, done: number, total: number): void {
  if (!process.stderr.isTTY && done !== total && done % Math.max(1, Math.floor(total / 10)) !== 0) return;
  process.stderr.write(
    `\r${label}: ${done}/${total} (${Math.round((done / total) * 100)}%)${done === total ? '\n' : ''}`,
  );
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
