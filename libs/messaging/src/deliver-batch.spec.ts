import { decodeMessage, DeadLetterSchema } from '@shuji/contracts';
import { describe, expect, it } from 'vitest';
import { UnprocessableMessageError, type BusMessage, type OutgoingMessage } from './bus-message';
import { deliverBatch } from './deliver-batch';
import { TransientInfrastructureError } from './transient-error';
import type { RetryPolicy } from './retry-policy';

const policy: RetryPolicy = { maxAttempts: 3, initialBackoffMs: 10, maxBackoffMs: 50, multiplier: 2 };
const batchOf = (n: number): BusMessage[] => Array.from({ length: n }, (_, i) => ({ topic: 't', partition: 1, offset: String(10 + i), key: `p-${i}`, value: Buffer.from(`v${i}`), headers: {} }));

function fakes() {
  const dead: { topic: string; message: OutgoingMessage }[] = [];
  const stored: string[] = [];
  return {
    dead,
    stored,
    deps: { policy, groupId: 'g', sleep: async () => undefined, publishDeadLetter: async (topic: string, message: OutgoingMessage) => void dead.push({ topic, message }) },
  };
}

describe(deliverBatch.name, () => {
  it('should store the neighbours and dead-letter only the message the handler rejects', async () => {
    const f = fakes();
    const sut = await deliverBatch(batchOf(4), {
      ...f.deps,
      handle: async (ms) => {
        f.stored.push(...ms.filter((_, i) => i !== 2).map((m) => m.offset));
        return new Map([[2, new UnprocessableMessageError('body is not JSON', 'INVALID_BODY')]]);
      },
    });
    expect(sut).toEqual({ handled: 3, deadLettered: ['12'], oneByOne: false });
    expect(f.stored).toEqual(['10', '11', '13']);
    expect(f.dead).toHaveLength(1);
    const dl = decodeMessage(DeadLetterSchema, f.dead[0]!.message.value);
    expect(dl).toMatchObject({ originalOffset: '12', errorCode: 'INVALID_BODY', attempts: 1 });
    expect(dl.reason).toContain('body is not JSON');
  });

  it('should wait out an outage with the whole batch and dead-letter nothing', async () => {
    const f = fakes();
    let calls = 0;
    const sut = await deliverBatch(batchOf(3), {
      ...f.deps,
      handle: async (ms) => {
        calls += 1;
        if (calls <= 5) throw new TransientInfrastructureError('database down');
        f.stored.push(...ms.map((m) => m.offset));
        return new Map();
      },
    });
    expect(sut).toEqual({ handled: 3, deadLettered: [], oneByOne: false });
    expect(calls).toBe(6);
    expect(f.stored).toEqual(['10', '11', '12']);
    expect(f.dead).toHaveLength(0);
  });

  it('should deliver one message at a time and dead-letter only the one at fault when the batch fails as a whole', async () => {
    const f = fakes();
    const sut = await deliverBatch(batchOf(3), {
      ...f.deps,
      handle: async (ms) => {
        // the database refuses any statement holding message 11 (a value no check caught)
        if (ms.some((m) => m.offset === '11')) throw new Error('value out of range for type double precision');
        f.stored.push(...ms.map((m) => m.offset));
        return new Map();
      },
    });
    expect(sut).toEqual({ handled: 2, deadLettered: ['11'], oneByOne: true });
    expect(f.stored).toEqual(['10', '12']);
    expect(decodeMessage(DeadLetterSchema, f.dead[0]!.message.value)).toMatchObject({ originalOffset: '11', errorCode: 'RETRIES_EXHAUSTED', attempts: 3 });
  });

  it('should not commit (reject) when stopping during an outage', async () => {
    const f = fakes();
    const sut = deliverBatch(batchOf(2), { ...f.deps, isStopping: () => true, handle: async () => Promise.reject(new TransientInfrastructureError('database down')) });
    await expect(sut).rejects.toThrow(/abandoned/);
    expect(f.dead).toHaveLength(0);
  });
});
