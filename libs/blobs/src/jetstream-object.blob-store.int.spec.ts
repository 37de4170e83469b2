import { createHash, randomBytes } from 'node:crypto';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { deleteTestStreams, isolatedMessagingOptions } from '@lt/testing';
import { JetStreamObjectBlobStore } from './jetstream-object.blob-store';

describe('JetStreamObjectBlobStore (real NATS)', () => {
  const options = isolatedMessagingOptions('blobs');
  let nc: NatsConnection;
  let store: JetStreamObjectBlobStore;

  beforeAll(async () => {
    nc = await connect({ servers: options.natsUrl });
    store = new JetStreamObjectBlobStore(nc, { bucket: `${options.streamName}_BLOBS` });
  });
  afterAll(async () => {
    await nc.close();
    await deleteTestStreams(options);
  });

  it('stores bytes under their SHA-256 and returns them intact (multi-chunk)', async () => {
    const bytes = randomBytes(300_000);
    const ref = await store.put(bytes);
    expect(ref.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(ref.size).toBe(300_000);
    expect(await store.has(ref.sha256)).toBe(true);
    expect((await store.get(ref.sha256))?.equals(bytes)).toBe(true);
  });

  it('stores the same content once and reports unknown digests as absent', async () => {
    const bytes = Buffer.from('<edXML/>');
    const a = await store.put(bytes);
    const b = await store.put(Buffer.from(bytes));
    expect(b).toEqual(a);
    expect(await store.get('0'.repeat(64))).toBeNull();
    expect(await store.has('0'.repeat(64))).toBe(false);
  });
});
