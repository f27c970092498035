import 'reflect-metadata';
import { create, toBinary } from '@bufbuild/protobuf';
import { anyPack, AnySchema, StringValueSchema } from '@bufbuild/protobuf/wkt';
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, Payload } from '@nestjs/microservices';
import { BusHandler } from './bus-handler.decorator';
import { decodeMessage, DeadLetterSchema, deadLetterTopicOf, encodeMessage, Modality, ObservationRecordedSchema } from '@shuji/contracts';
import { Kafka, logLevel, PartitionAssigners } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BusContext, UnprocessableMessageError, type BusMessage } from './bus-message';
import { CO_PARTITIONED_ASSIGNER, CoPartitionedAssigner } from './co-partitioned-assigner';
import { BusErrorFilter } from './bus-error.filter';
import { DeadLetterHeaders } from './dead-letter';
import { EventPublisher, type BusClient } from './event-publisher';
import { InProcessBroker } from './in-process-broker';
import { InProcessClient } from './in-process.client';
import { InProcessServer } from './in-process.server';
import { ensureTopics } from './kafka-admin';
import type { RetryPolicy } from './retry-policy';
import { ShujiKafkaServer } from './shuji-kafka.server';
import { ClientKafka } from '@nestjs/microservices';
import { mediumKafkaBrokers } from '@shuji/testing';

/**
 * One contract, two transports: the same Nest controller runs on the in-process bus and on a real
 * Kafka broker (the medium tier's, from infra/kafka), and must show the same behaviour.
 */
const RUN = Date.now().toString(36);
const T = {
  order: `test.order.${RUN}`,
  flaky: `test.flaky.${RUN}`,
  poison: `test.poison.${RUN}`,
  unprocessable: `test.unprocessable.${RUN}`,
  proto: `test.proto.${RUN}`,
  kv: `test.kv.${RUN}`,
  slow: `test.slow.${RUN}`,
};
/** Longer than the Kafka session timeout below (6 s, the broker minimum): survives only with heartbeats. */
const SLOW_HANDLER_MS = 8_000;
const POLICY: RetryPolicy = { maxAttempts: 3, initialBackoffMs: 20, maxBackoffMs: 100, multiplier: 2 };

class Recorder {
  readonly seen = new Map<string, { key: string; value: Buffer; attempt: number }[]>();
  record(topic: string, ctx: BusContext, value: Buffer): void {
    const list = this.seen.get(topic) ?? [];
    list.push({ key: ctx.getMessage().key, value, attempt: ctx.getAttempt() });
    this.seen.set(topic, list);
  }
  of(topic: string): { key: string; value: Buffer; attempt: number }[] {
    return this.seen.get(topic) ?? [];
  }
}

// the handlers: identical for both transports
@Controller()
class ContractTestConsumer {
  constructor(private readonly rec: Recorder) {}

  @BusHandler(T.order)
  order(@Payload() value: Buffer, @Ctx() ctx: BusContext): void {
    this.rec.record(T.order, ctx, value);
  }

  @BusHandler(T.flaky)
  async flaky(@Payload() value: Buffer, @Ctx() ctx: BusContext): Promise<void> {
    this.rec.record(T.flaky, ctx, value);
    await new Promise((r) => setTimeout(r, 1));
    if (value.toString().startsWith('fail-once') && ctx.getAttempt() === 1) throw new Error('transient failure');
  }

  @BusHandler(T.poison)
  poison(@Payload() value: Buffer, @Ctx() ctx: BusContext): void {
    this.rec.record(T.poison, ctx, value);
    throw new Error(`database unavailable for ${value.toString()}`);
  }

  @BusHandler(T.unprocessable)
  unprocessable(@Payload() value: Buffer, @Ctx() ctx: BusContext): void {
    this.rec.record(T.unprocessable, ctx, value);
    try {
      decodeMessage(ObservationRecordedSchema, value);
    } catch (err) {
      throw new UnprocessableMessageError(`not an ObservationRecorded: ${(err as Error).message}`, 'DECODE_FAILED');
    }
  }

  @BusHandler(T.proto)
  proto(@Payload() value: Buffer, @Ctx() ctx: BusContext): void {
    this.rec.record(T.proto, ctx, value);
  }

  @BusHandler(T.slow)
  async slow(@Payload() value: Buffer, @Ctx() ctx: BusContext): Promise<void> {
    this.rec.record(T.slow, ctx, value);
    if (value.toString() === 'slow') await new Promise((r) => setTimeout(r, SLOW_HANDLER_MS));
  }

  @BusHandler(T.kv)
  kv(@Payload() value: Buffer, @Ctx() ctx: BusContext): void {
    this.rec.record(T.kv, ctx, value);
  }
}

interface Harness {
  publisher: EventPublisher;
  recorder: Recorder;
  deadLetters(topic: string): Promise<BusMessage[]>;
  close(): Promise<void>;
}

async function startConsumer(strategy: InProcessServer | ShujiKafkaServer, recorder: Recorder): Promise<INestMicroservice> {
  @Module({ controllers: [ContractTestConsumer], providers: [{ provide: Recorder, useValue: recorder }] })
  class ContractTestModule {}
  const app = await NestFactory.createMicroservice(ContractTestModule, { strategy, logger: false });
  app.useGlobalFilters(new BusErrorFilter());
  await app.listen();
  return app;
}

async function inProcessHarness(): Promise<Harness> {
  const broker = new InProcessBroker(4);
  const recorder = new Recorder();
  const app = await startConsumer(new InProcessServer(broker, { groupId: 'contract', retry: POLICY }), recorder);
  return {
    publisher: new EventPublisher(new InProcessClient(broker)),
    recorder,
    deadLetters: async (topic) => broker.read(deadLetterTopicOf(topic)),
    close: () => app.close(),
  };
}

async function kafkaHarness(kafka: { brokers: string[] }): Promise<Harness> {
  await ensureTopics(kafka.brokers, Object.values(T), 4);
  const recorder = new Recorder();
  const app = await startConsumer(
    new ShujiKafkaServer({ brokers: kafka.brokers, clientId: 'contract', groupId: `contract-${RUN}`, retry: POLICY, sessionTimeoutMs: 6_000 }),
    recorder,
  );
  const client: BusClient = new ClientKafka({ client: { clientId: 'contract-producer', brokers: kafka.brokers, logLevel: logLevel.ERROR }, producerOnlyMode: true, postfixId: '' });
  await client.connect();
  const dlqs = new Map<string, BusMessage[]>();
  const dlqConsumer = new Kafka({ clientId: 'contract-dlq', brokers: kafka.brokers, logLevel: logLevel.ERROR }).consumer({ groupId: `contract-dlq-${RUN}` });
  await dlqConsumer.connect();
  await dlqConsumer.subscribe({ topics: Object.values(T).map(deadLetterTopicOf), fromBeginning: true });
  await dlqConsumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
      const list = dlqs.get(topic) ?? [];
      list.push({ topic, partition, offset: message.offset, key: String(message.key), value: message.value ?? Buffer.alloc(0), headers });
      dlqs.set(topic, list);
    },
  });
  return {
    publisher: new EventPublisher(client),
    recorder,
    deadLetters: async (topic) => dlqs.get(deadLetterTopicOf(topic)) ?? [],
    close: async () => {
      await dlqConsumer.disconnect();
      await client.close();
      await app.close();
    },
  };
}

async function eventually<T>(probe: () => Promise<T> | T, done: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (done(v)) return v;
    if (Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const transports: [string, () => Promise<Harness>][] = [
  ['in-process bus', inProcessHarness],
  ['Kafka', async () => kafkaHarness({ brokers: await mediumKafkaBrokers() })],
];

describe.each(transports)('bus contract over %s', (_name, makeHarness) => {
  let h: Harness;
  beforeAll(async () => {
    h = await makeHarness();
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  }, 60_000);

  it('should deliver each key in publish order when keys interleave', async () => {
    const keys = ['p-1', 'p-2', 'p-3', 'p-4', 'p-5'];
    const n = 40;
    for (let i = 0; i < n; i++) {
      for (const k of keys) await h.publisher.publish(T.order, { key: k, value: Buffer.from(`${k}:${i}`) });
    }
    const seen = await eventually(() => h.recorder.of(T.order), (s) => s.length >= n * keys.length);
    expect(seen).toHaveLength(n * keys.length);
    for (const k of keys) {
      const seq = seen.filter((s) => s.key === k).map((s) => Number(s.value.toString().split(':')[1]));
      expect(seq).toEqual([...Array(n).keys()]);
    }
  });

  it('should keep per-key order for a batch published with publishMany', async () => {
    const batch = Array.from({ length: 300 }, (_, i) => ({ key: `b-${i % 3}`, value: Buffer.from(`b-${i % 3}:${Math.floor(i / 3)}`) }));
    await h.publisher.publishMany(T.order, batch);
    const seen = await eventually(() => h.recorder.of(T.order).filter((s) => s.key.startsWith('b-')), (s) => s.length >= 300);
    expect(seen).toHaveLength(300);
    for (const k of ['b-0', 'b-1', 'b-2']) {
      expect(seen.filter((s) => s.key === k).map((s) => Number(s.value.toString().split(':')[1]))).toEqual([...Array(100).keys()]);
    }
  });

  it('should redeliver after a handler failure and keep later messages of the key behind it', async () => {
    await h.publisher.publish(T.flaky, { key: 'p-9', value: Buffer.from('fail-once-a') });
    await h.publisher.publish(T.flaky, { key: 'p-9', value: Buffer.from('ok-b') });
    const seen = await eventually(() => h.recorder.of(T.flaky), (s) => s.length >= 3);
    expect(seen.map((s) => `${s.value.toString()}#${s.attempt}`)).toEqual(['fail-once-a#1', 'fail-once-a#2', 'ok-b#1']);
    expect(await h.deadLetters(T.flaky)).toHaveLength(0);
  });

  it('should dead-letter after maxAttempts with reason, origin and attempt count', async () => {
    await h.publisher.publish(T.poison, { key: 'p-3', value: Buffer.from('bad-1'), headers: { 'x-trace': 't1' } });
    const dl = await eventually(() => h.deadLetters(T.poison), (d) => d.length >= 1);
    expect(dl).toHaveLength(1);
    expect(h.recorder.of(T.poison).map((s) => s.attempt)).toEqual([1, 2, 3]);
    const rec = decodeMessage(DeadLetterSchema, dl[0]!.value);
    expect(rec.originalTopic).toBe(T.poison);
    expect(rec.attempts).toBe(3);
    expect(rec.reason).toContain('database unavailable for bad-1');
    expect(rec.errorCode).toBe('RETRIES_EXHAUSTED');
    expect(Buffer.from(rec.originalValue).toString()).toBe('bad-1');
    expect(rec.originalOffset).toMatch(/^\d+$/);
    expect(dl[0]!.key).toBe('p-3');
    expect(dl[0]!.headers[DeadLetterHeaders.attempts]).toBe('3');
    expect(dl[0]!.headers[DeadLetterHeaders.originalTopic]).toBe(T.poison);
    expect(dl[0]!.headers['x-trace']).toBe('t1');
  });

  it('should dead-letter an unprocessable message at once without retries', async () => {
    await h.publisher.publish(T.unprocessable, { key: 'p-4', value: Buffer.from([0x0a, 0xff, 0xff]) });
    const dl = await eventually(() => h.deadLetters(T.unprocessable), (d) => d.length >= 1);
    expect(dl).toHaveLength(1);
    expect(h.recorder.of(T.unprocessable)).toHaveLength(1);
    const rec = decodeMessage(DeadLetterSchema, dl[0]!.value);
    expect(rec.errorCode).toBe('DECODE_FAILED');
    expect(rec.attempts).toBe(1);
    expect(rec.reason).toMatch(/not an ObservationRecorded/);
  });

  it('should carry protobuf bytes unchanged (binary round trip)', async () => {
    const value = encodeMessage(ObservationRecordedSchema, {
      header: { eventId: 'e-42', patientId: 'p-42', schemaVersion: 1 },
      code: { system: 'http://loinc.org', code: '8480-6' },
      value: { case: 'numericValue', value: 128.25 },
      unit: 'mm[Hg]',
      modality: Modality.VITAL,
    });
    await h.publisher.publish(T.proto, { key: 'p-42', value });
    const seen = await eventually(() => h.recorder.of(T.proto), (s) => s.length >= 1);
    expect(Buffer.compare(seen[0]!.value, value)).toBe(0);
    const back = decodeMessage(ObservationRecordedSchema, seen[0]!.value);
    expect(back.value).toEqual({ case: 'numericValue', value: 128.25 });
    expect(back.header?.patientId).toBe('p-42');
  });

  it('should keep a handler slower than the session timeout alive with heartbeats and deliver it once', async () => {
    await h.publisher.publish(T.slow, { key: 'p-s', value: Buffer.from('slow') });
    await h.publisher.publish(T.slow, { key: 'p-s', value: Buffer.from('after') });
    const seen = await eventually(() => h.recorder.of(T.slow), (s) => s.length >= 2, SLOW_HANDLER_MS + 20_000);
    await new Promise((r) => setTimeout(r, 1_000)); // a rebalance would redeliver 'slow' now
    expect(h.recorder.of(T.slow).map((s) => `${s.value.toString()}#${s.attempt}`)).toEqual(['slow#1', 'after#1']);
    expect(seen.length).toBeGreaterThanOrEqual(2);
  }, SLOW_HANDLER_MS + 40_000);

  it('should not mistake a payload with key/value fields for the envelope', async () => {
    const json = Buffer.from(JSON.stringify({ key: 'inner-key', value: 'inner-value' }));
    const any = Buffer.from(toBinary(AnySchema, anyPack(StringValueSchema, create(StringValueSchema, { value: 'x' }))));
    const raw = Buffer.from([0x00, 0xff, 0xfe, 0x80]);
    for (const v of [json, any, raw]) await h.publisher.publish(T.kv, { key: 'outer-key', value: v });
    const seen = await eventually(() => h.recorder.of(T.kv), (s) => s.length >= 3);
    expect(seen.map((s) => s.key)).toEqual(['outer-key', 'outer-key', 'outer-key']);
    expect(seen.map((s) => s.value.toString('hex'))).toEqual([json, any, raw].map((b) => b.toString('hex')));
  });
});

describe('co-partitioned assignment on Kafka', () => {
  it('should give each of 3 members the same partitions of every topic (round-robin would split a person)', async () => {
    const kafka = { brokers: await mediumKafkaBrokers() };
    const topics = ['observations', 'meals', 'doses'].map((t) => `test.copartition.${t}.${RUN}`);
    await ensureTopics(kafka.brokers, topics, 8);
    const groupId = `copartition-${RUN}`;
    const latest = new Map<number, { protocol: string; assignment: Record<string, number[]> }>();
    // as ShujiKafkaServer configures its consumers
    const consumers = [0, 1, 2].map((i) =>
      new Kafka({ clientId: `copartition-${i}`, brokers: kafka.brokers, logLevel: logLevel.NOTHING }).consumer({
        groupId,
        sessionTimeout: 6_000,
        heartbeatInterval: 1_000,
        partitionAssigners: [CoPartitionedAssigner, PartitionAssigners.roundRobin],
      }),
    );
    try {
      for (const [i, consumer] of consumers.entries()) {
        consumer.on(consumer.events.GROUP_JOIN, (e) => latest.set(i, { protocol: e.payload.groupProtocol, assignment: e.payload.memberAssignment }));
        await consumer.connect();
        await consumer.subscribe({ topics, fromBeginning: true });
        await consumer.run({ eachMessage: async () => undefined });
      }
      const covered = (t: string): string =>
        [...latest.values()]
          .flatMap((m) => m.assignment[t] ?? [])
          .sort((a, b) => a - b)
          .join();
      const settled = await eventually(
        () => [...latest.values()],
        (v) => v.length === 3 && topics.every((t) => covered(t) === '0,1,2,3,4,5,6,7'),
        60_000,
      );
      expect(settled).toHaveLength(3);
      for (const t of topics) expect(covered(t)).toBe('0,1,2,3,4,5,6,7');
      for (const member of settled) {
        expect(member.protocol).toBe(CO_PARTITIONED_ASSIGNER);
        expect(member.assignment[topics[1]]).toEqual(member.assignment[topics[0]]);
        expect(member.assignment[topics[2]]).toEqual(member.assignment[topics[0]]);
      }
    } finally {
      for (const consumer of consumers) await consumer.disconnect();
    }
  }, 120_000);
});
