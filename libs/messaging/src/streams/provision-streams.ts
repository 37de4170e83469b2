import {
  JetStreamManager,
  RetentionPolicy,
  StorageType,
  DiscardPolicy,
  JetStreamApiError,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { MessagingOptions, deadLetterStreamName } from '../messaging-options';

/**
 * Creates the event stream and the dead-letter stream if missing, or updates their mutable settings.
 * Idempotent: every replica of every service calls it at start-up.
 */
export async function provisionStreams(jsm: JetStreamManager, options: MessagingOptions): Promise<void> {
  const storage = options.storage === 'memory' ? StorageType.Memory : StorageType.File;
  await ensureStream(jsm, {
    name: options.streamName,
    subjects: [options.subjects.allEvents()],
    storage,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    num_replicas: options.replicas ?? 1,
    duplicate_window: nanos(options.duplicateWindowMs ?? 120_000),
    // The event log is the system of record: nothing expires by age or count.
    max_age: 0,
    max_msgs: -1,
  });
  await ensureStream(jsm, {
    name: deadLetterStreamName(options),
    subjects: [options.subjects.allDeadLetters()],
    storage,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    num_replicas: options.replicas ?? 1,
    duplicate_window: nanos(options.duplicateWindowMs ?? 120_000),
    max_age: 0,
  });
}

type StreamSettings = Parameters<JetStreamManager['streams']['add']>[0] & { name: string };

async function ensureStream(jsm: JetStreamManager, settings: StreamSettings): Promise<void> {
  try {
    await jsm.streams.info(settings.name);
    await jsm.streams.update(settings.name, settings);
  } catch (error) {
    if (error instanceof JetStreamApiError && error.status === 404) {
      try {
        await jsm.streams.add(settings);
      } catch (addError) {
        // Another replica created it between our info and add: that is the state we wanted.
        if (!(addError instanceof JetStreamApiError && /already in use/i.test(addError.message)))
          throw addError;
      }
      return;
    }
    throw error;
  }
}
