import { isPortFree } from '@shuji/config';
import { describe, expect, it } from 'vitest';
import { freePortPair } from './free-port';

describe(freePortPair.name, () => {
  it('should give a port whose successor is free too (the Kafka controller listens there)', async () => {
    const sut = await freePortPair();
    expect(await isPortFree(sut)).toBe(true);
    expect(await isPortFree(sut + 1)).toBe(true);
  });
});
