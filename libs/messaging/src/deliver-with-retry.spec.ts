import { decodeMessage, DeadLetterSchema } from '@shuji/contracts';
import { describe, expect, it } from 'vitest';
import { UnprocessableMessageError, type BusMessage, type OutgoingMessage } from './bus-message';
import { deliverWithRetry, DeliveryAbandonedError, TRANSIENT_MAX_BACKOFF_MS } from './deliver-with-retry';
import { backoffDelayMs, validateRetryPolicy, type RetryPolicy } from './retry-policy';

const policy: RetryPolicy = { maxAttempts: 4, initialBackoffMs: 100, maxBackoffMs: 250, multiplier: 2 };
const msg: BusMessage = { topic: 't', partition: 2, offset: '17', key: 'p-1', value: Buffer.from('v'), headers: {} };

function fakes() {
  const sleeps: number[] = [];
  const dead: { topic: string; message: OutgoingMessage }[] = [];
  return {
    sleeps,
    dead,
    sleep: async (ms: number) => void sleeps.push(ms),
    publishDeadLetter: async (topic: string, message: OutgoingMessage) => void dead.push({ topic, message }),
  };
}

describe(deliverWithRetry.name, () => {
  it('should back off exponentially and cap the delay', () => {
    expect([1, 2, 3, 4, 5].map((a) => backoffDelayMs(policy, a))).toEqual([0, 100, 200, 250, 250]);
  });

  it('should refuse a bad policy naming the option', () => {
    expect(() => validateRetryPolicy({ ...policy, maxAttempts: 0 })).toThrow(/"maxAttempts"/);
    expect(() => validateRetryPolicy({ ...policy, maxBackoffMs: 1 })).toThrow(/"maxBackoffMs"/);
  });

  it('should succeed on a later attempt without dead-lettering when a failure is transient', async () => {
    const f = fakes();
    let calls = 0;
    const sut = await deliverWithRetry(msg, { policy, groupId: 'g', sleep: f.sleep, publishDeadLetter: f.publishDeadLetter, handle: async () => {
      calls += 1;
      if (calls < 3) throw new Error('flaky');
    } });
    expect(sut).toEqual({ status: 'handled', attempts: 3 });
    expect(f.sleeps).toEqual([100, 200]);
    expect(f.dead).toHaveLength(0);
  });

  it('should dead-letter with reason and attempts when every attempt fails', async () => {
    const f = fakes();
    const sut = await deliverWithRetry(msg, { policy, groupId: 'g', sleep: f.sleep, publishDeadLetter: f.publishDeadLetter, handle: async () => {
      throw new Error('boom');
    } });
    expect(sut).toMatchObject({ status: 'dead-lettered', attempts: 4 });
    expect(f.dead).toHaveLength(1);
    expect(f.dead[0]!.topic).toBe('t.dlq');
    const rec = decodeMessage(DeadLetterSchema, f.dead[0]!.message.value);
    expect(rec).toMatchObject({ originalTopic: 't', originalPartition: 2, originalOffset: '17', attempts: 4, errorCode: 'RETRIES_EXHAUSTED', consumerGroup: 'g' });
    expect(rec.reason).toBe('Error: boom');
  });

  it('should skip retries when the handler says the message is unprocessable', async () => {
    const f = fakes();
    const sut = await deliverWithRetry(msg, { policy, groupId: 'g', sleep: f.sleep, publishDeadLetter: f.publishDeadLetter, handle: async () => {
      throw new UnprocessableMessageError('missing patient', 'INVALID');
    } });
    expect(sut).toMatchObject({ status: 'dead-lettered', attempts: 1 });
    expect(f.sleeps).toEqual([]);
    expect(decodeMessage(DeadLetterSchema, f.dead[0]!.message.value).errorCode).toBe('INVALID');
  });

  it('should reject (so the message is not acknowledged) when the dead-letter publish fails', async () => {
    const f = fakes();
    await expect(
      deliverWithRetry(msg, { policy: { ...policy, maxAttempts: 1 }, groupId: 'g', sleep: f.sleep, handle: async () => {
        throw new Error('x');
      }, publishDeadLetter: async () => {
        throw new Error('dlq down');
      } }),
    ).rejects.toThrow('dlq down');
  });

  it('should wait out a database outage without limit and without dead-lettering when the failure is the infrastructure\'s', async () => {
    const f = fakes();
    let calls = 0;
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:54329'), { code: 'ECONNREFUSED' });
    const sut = await deliverWithRetry(msg, { policy, groupId: 'g', sleep: f.sleep, publishDeadLetter: f.publishDeadLetter, handle: async () => {
      calls += 1;
      if (calls <= 20) throw down;
    } });
    expect(sut).toEqual({ status: 'handled', attempts: 1 });
    expect(calls).toBe(21);
    expect(f.dead).toHaveLength(0);
    expect(Math.max(...f.sleeps)).toBeLessThanOrEqual(TRANSIENT_MAX_BACKOFF_MS);
  });

  it('should still count the record\'s own failures after an outage when both happen', async () => {
    const f = fakes();
    let calls = 0;
    const sut = await deliverWithRetry(msg, { policy, groupId: 'g', sleep: f.sleep, publishDeadLetter: f.publishDeadLetter, handle: async () => {
      calls += 1;
      if (calls % 2 === 1) throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
      throw new Error('bad record');
    } });
    expect(sut).toMatchObject({ status: 'dead-lettered', attempts: policy.maxAttempts });
    expect(calls).toBe(2 * policy.maxAttempts);
  });

  it('should abandon the wait, unacknowledged, when the consumer stops during an outage', async () => {
    const f = fakes();
    let stopping = false;
    const outcome = deliverWithRetry(msg, { policy, groupId: 'g', publishDeadLetter: f.publishDeadLetter, isStopping: () => stopping, sleep: async (ms) => {
      f.sleeps.push(ms);
      if (f.sleeps.length === 3) stopping = true;
    }, handle: async () => {
      throw new Error('Connection terminated unexpectedly');
    } });
    await expect(outcome).rejects.toBeInstanceOf(DeliveryAbandonedError);
    expect(f.dead).toHaveLength(0);
  });
});
