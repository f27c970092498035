import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FoundationModel } from './foundation-model';
import type { ModelSession } from './model-session';

const DIR = process.env.SHUJI_FM_TEST_MODEL_DIR ?? join(__dirname, '..', '..', '..', '..', 'models', 'shuji-fm-v3');

describe(FoundationModel.name, () => {
  it('should release the worker sessions it made when another of them cannot be created, and reject with the cause', async () => {
    const released: number[] = [];
    let made = 0;
    const workerSessionFactory = (): Promise<ModelSession> => {
      const n = made++;
      if (n === 2) return Promise.reject(new Error('out of memory'));
      return Promise.resolve({ outputNames: [], run: () => Promise.reject(new Error('not run')), release: () => Promise.resolve(void released.push(n)) });
    };
    await expect(FoundationModel.load({ modelDir: DIR, sessions: 4, workerSessionFactory, logger: { warn: () => undefined } })).rejects.toThrow(/out of memory/);
    // the first, and every other that was made: none left holding a thread (and the process alive)
    expect(released.sort()).toEqual([0, 1, 3]);
  });
});
