/**
 * Operator commands of the audit service (same environment variables as the service):
 *
 *   node dist/services/audit/src/cli/audit-cli.js verify [--from N] [--to N]   exit 0 intact, 2 broken
 *   node dist/services/audit/src/cli/audit-cli.js rebuild                      exit 0 identical, 3 differed
 *   node dist/services/audit/src/cli/audit-cli.js replay                       stream → log (disaster recovery)
 *
 * Progress goes to stderr, the JSON result to stdout.
 */
import { connect } from '@nats-io/transport-node';
import { Subjects } from '@lt/contracts';
import { openServiceDataSource } from '@lt/persistence';
import { loadAuditConfig } from '../audit.config';
import { AUDIT_MIGRATIONS } from '../migrations/audit-migrations';
import { verifyChain } from '../integrity/chain-verifier';
import { rebuildProjections } from '../rebuild/rebuild-projections';
import { auditUpcasters } from '../lifecycle/audit-upcasters';
import { EventLogAppender } from '../event-log/event-log.appender';
import { LifecycleProjector } from '../lifecycle/lifecycle-projector';
import { replayStream } from '../event-log/stream-ingestor';

function bar(label: string, done: number, total: number): void {
  const width = 30;
  const filled = total ? Math.round((done / total) * width) : width;
  process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
}

function flag(args: string[], name: string): number | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : undefined;
}

export async function main(args: string[]): Promise<number> {
  const [command] = args;
  const config = loadAuditConfig();
  const dataSource = await openServiceDataSource({
    url: config.DATABASE_URL,
    schema: 'audit',
    migrations: AUDIT_MIGRATIONS,
    applicationName: 'audit-cli',
  });
  try {
    if (command === 'verify') {
      const report = await verifyChain(
        dataSource,
        { from: flag(args, 'from'), to: flag(args, 'to') },
        (d, t) => bar('verify', d, t),
      );
      process.stderr.write('\n');
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return report.intact ? 0 : 2;
    }
    if (command === 'rebuild') {
      const result = await rebuildProjections(dataSource, auditUpcasters(), (p) =>
        bar(p.phase, p.processed, p.total),
      );
      process.stderr.write('\n');
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return result.identical ? 0 : 3;
    }
    if (command === 'replay') {
      const nc = await connect({ servers: config.NATS_URL.split(',') });
      try {
        const appender = new EventLogAppender(dataSource, new LifecycleProjector('audit', auditUpcasters()));
        const messaging = {
          natsUrl: config.NATS_URL,
          serviceName: 'audit',
          subjects: new Subjects(config.LT_SUBJECT_PREFIX),
          streamName: config.LT_STREAM,
        };
        const result = await replayStream(nc, messaging, appender, config.AUDIT_INGEST_BATCH, (p) =>
          bar('replay', p.read, p.total),
        );
        process.stderr.write('\n');
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        return 0;
      } finally {
        await nc.close();
      }
    }
    process.stderr.write('usage: audit-cli verify [--from N] [--to N] | rebuild | replay\n');
    return 64;
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`audit-cli: ${(error as Error).message}\n`);
      process.exit(1);
    },
  );
}
