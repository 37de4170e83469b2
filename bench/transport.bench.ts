/**
 * Transport throughput (issue 2): events/s published through libs/messaging and consumed through a
 * NestJS handler with ack, against the raw @nats-io/jetstream client doing the same, in one run.
 */
import 'reflect-metadata';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload } from '@nestjs/microservices';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createEvent, EventEnvelope } from '@lt/contracts';
import { connectEventTransport, EventPublisher, MessagingModule, provisionStreams } from '@lt/messaging';
import { deleteTestStreams, isolatedMessagingOptions } from '@lt/testing';
import { table, writeBenchSection, progress } from './lib/bench-report';

const COUNT = Number(process.env.BENCH_EVENTS ?? 20_000);
const WINDOW = 256;
const PAYLOAD = 'x'.repeat(700); // with the envelope, about 1 KB per event

function event(i: number): EventEnvelope {
  return createEvent({
    type: 'delivery.queued',
    aggregate: { type: 'delivery', id: `d${i}` },
    correlationId: `doc${i}`,
    actor: 'bench',
    data: { deliveryId: `d${i}`, documentId: `doc${i}`, recipientCode: PAYLOAD, mode: 'pull', priority: 0 },
  });
}

async function rawRun() {
  const opts = isolatedMessagingOptions('bench-raw');
  const nc = await connect({ servers: opts.natsUrl });
  const jsm = await jetstreamManager(nc);
  await provisionStreams(jsm, opts);
  const js = jetstream(nc);
  const events = Array.from({ length: COUNT }, (_, i) => event(i));
  const bodies = events.map((e) => JSON.stringify(e));
  let t = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: WINDOW }, async () => {
      while (next < COUNT) {
        const i = next++;
        await js.publish(opts.subjects.event('delivery.queued', `d${i}`), bodies[i], { msgID: events[i].id });
      }
    }),
  );
  const publishPerSec = COUNT / ((performance.now() - t) / 1000);
  await jsm.consumers.add(opts.streamName, {
    durable_name: 'raw',
    ack_policy: AckPolicy.Explicit,
    filter_subject: opts.subjects.allEvents(),
  });
  const consumer = await js.consumers.get(opts.streamName, 'raw');
  t = performance.now();
  let seen = 0;
  const messages = await consumer.consume({ max_messages: 512 });
  for await (const m of messages) {
    JSON.parse(m.string());
    m.ack();
    if (++seen === COUNT) break;
  }
  const consumePerSec = COUNT / ((performance.now() - t) / 1000);
  await messages.close();
  await nc.close();
  await deleteTestStreams(opts);
  return { publishPerSec, consumePerSec };
}

async function transportRun() {
  const opts = isolatedMessagingOptions('bench-lt');
  let handled = 0;
  let done: () => void = () => undefined;
  const allHandled = new Promise<void>((r) => (done = r));

  @Controller()
  class Handler {
    @EventPattern('delivery.queued', { concurrency: 64 })
    async on(@Payload() _e: EventEnvelope) {
      if (++handled === COUNT) done();
    }
  }
  @Module({ imports: [MessagingModule.forRootAsync({ useFactory: () => opts })], controllers: [Handler] })
  class BenchModule {}

  const nc = await connect({ servers: opts.natsUrl });
  await provisionStreams(await jetstreamManager(nc), opts);
  const publisher = new EventPublisher(jetstream(nc), opts);
  const events = Array.from({ length: COUNT }, (_, i) => event(i));
  let t = performance.now();
  await publisher.publishAll(events, WINDOW);
  const publishPerSec = COUNT / ((performance.now() - t) / 1000);

  const app = await NestFactory.create(BenchModule, new FastifyAdapter(), { logger: false });
  connectEventTransport(app);
  t = performance.now();
  await app.startAllMicroservices();
  await allHandled;
  const consumePerSec = COUNT / ((performance.now() - t) / 1000);
  await app.close();
  await nc.close();
  await deleteTestStreams(opts);
  return { publishPerSec, consumePerSec };
}

async function main() {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const raw: Array<{ publishPerSec: number; consumePerSec: number }> = [];
  const ours: typeof raw = [];
  for (let r = 1; r <= rounds; r++) {
    raw.push(await rawRun());
    ours.push(await transportRun());
    progress('transport rounds', r, rounds);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const rawPub = median(raw.map((x) => x.publishPerSec));
  const rawCon = median(raw.map((x) => x.consumePerSec));
  const ltPub = median(ours.map((x) => x.publishPerSec));
  const ltCon = median(ours.map((x) => x.consumePerSec));
  const pct = (a: number, b: number) => `${Math.round((a / b) * 100)} %`;
  const rows = [
    ['publish (msgID, window 256, ~1 KB)', Math.round(rawPub), Math.round(ltPub), pct(ltPub, rawPub)],
    ['consume + ack (Nest handler for ours)', Math.round(rawCon), Math.round(ltCon), pct(ltCon, rawCon)],
  ];
  const md = `${COUNT} events per run, median of ${rounds} runs, file-storage stream on the local nats-server.\n\n${table(
    ['operation', 'raw @nats-io/jetstream (events/s)', 'libs/messaging (events/s)', 'ours / raw'],
    rows,
  )}\n\nTarget: libs/messaging keeps at least 70 % of the raw client's throughput.`;
  console.log(md);
  writeBenchSection('transport', 'Transport throughput (libs/messaging vs raw JetStream)', md);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
