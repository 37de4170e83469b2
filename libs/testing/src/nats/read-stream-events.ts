import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { IsolatedMessagingOptions } from './test-messaging';

/**
 * Every event stored in a test run's stream whose subject matches `filter` (default: all events), in
 * stream order: what really reached the log, duplicates dropped by the server included.
 */
export async function readStreamEvents<T = { id: string; type: string; data: Record<string, unknown> }>(
  options: IsolatedMessagingOptions,
  filter = options.subjects.allEvents(),
): Promise<Array<T & { streamSequence: number }>> {
  const nc = await connect({ servers: options.natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const name = `reader_${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;
    const info = await jsm.consumers.add(options.streamName, {
      name,
      ack_policy: AckPolicy.None,
      deliver_policy: DeliverPolicy.All,
      filter_subject: filter,
      inactive_threshold: 60_000_000_000,
    });
    const out: Array<T & { streamSequence: number }> = [];
    let remaining = info.num_pending;
    const consumer = await jetstream(nc).consumers.get(options.streamName, name);
    while (remaining > 0) {
      const batch = await consumer.fetch({ max_messages: Math.min(remaining, 500), expires: 2_000 });
      let got = 0;
      for await (const m of batch) {
        out.push({ ...(m.json() as T), streamSequence: m.seq });
        got++;
      }
      if (got === 0) break;
      remaining -= got;
    }
    await jsm.consumers.delete(options.streamName, name).catch(() => undefined);
    return out;
  } finally {
    await nc.close();
  }
}
