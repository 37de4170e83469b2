import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Subjects } from '@lt/contracts';

export const TEST_NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** A short id unique to this test run, usable in subjects, stream and database names. */
export function uniqueRunId(label = 't'): string {
  return `${label}_${Date.now().toString(36)}${randomBytes(3).toString('hex')}`.toLowerCase();
}

/** Structurally the MessagingOptions of @lt/messaging (not imported: messaging's tests use this kit). */
export interface IsolatedMessagingOptions {
  natsUrl: string;
  serviceName: string;
  subjects: Subjects;
  streamName: string;
  deadLetterStreamName?: string;
  duplicateWindowMs?: number;
  storage?: 'file' | 'memory';
}

/**
 * Messaging options isolated to one test run on the shared NATS server: its own subject prefix and
 * stream names, so runs (and CI right after a session) never see each other's events.
 */
export function isolatedMessagingOptions(
  serviceName: string,
  runId = uniqueRunId(),
): IsolatedMessagingOptions {
  return {
    natsUrl: TEST_NATS_URL,
    serviceName,
    subjects: new Subjects(runId),
    streamName: `${runId.toUpperCase()}_EVENTS`,
    duplicateWindowMs: 120_000,
    storage: 'file',
  };
}

/** Deletes the streams a test run created (never anything else). */
export async function deleteTestStreams(options: IsolatedMessagingOptions): Promise<void> {
  const nc = await connect({ servers: options.natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    for (const name of [
      options.streamName,
      options.deadLetterStreamName ?? `${options.streamName}_DLQ`,
      `OBJ_${options.streamName}_BLOBS`,
    ]) {
      await jsm.streams.delete(name).catch(() => undefined);
    }
  } finally {
    await nc.close();
  }
}
