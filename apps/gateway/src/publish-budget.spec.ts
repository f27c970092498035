import { isTransientInfrastructureError } from '@shuji/messaging';
import { describe, expect, it } from 'vitest';
import { PublishBudget } from './publish-budget';

describe(PublishBudget.name, () => {
  it('should refuse with a transient error when the observations in flight would exceed the limit', async () => {
    const sut = new PublishBudget(100);
    let release!: () => void;
    const first = sut.run(80, () => new Promise<void>((r) => (release = r)));
    const refused = await sut.run(30, async () => 'sent').catch((e: unknown) => e);
    expect(isTransientInfrastructureError(refused)).toBe(true);
    await expect(sut.run(20, async () => 'sent')).resolves.toBe('sent');
    release();
    await first;
    expect(sut.pending).toBe(0);
  });

  it('should let one request larger than the limit through when nothing else is in flight', async () => {
    const sut = new PublishBudget(10);
    await expect(sut.run(500, async () => 'sent')).resolves.toBe('sent');
  });

  it('should give the budget back when the publish fails', async () => {
    const sut = new PublishBudget(10);
    await expect(sut.run(8, async () => Promise.reject(new Error('broker gone')))).rejects.toThrow('broker gone');
    expect(sut.pending).toBe(0);
  });

  it('should refuse a limit that is not a positive integer naming it', () => {
    expect(() => new PublishBudget(0)).toThrow(/"limit"/);
  });
});
