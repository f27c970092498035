import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { watchTokenFile } from './token-registry-from-config.util';
import { hashToken, parseTokenFile } from './token-registry';

const file = (tokens: Record<string, string>) => JSON.stringify(Object.fromEntries(Object.entries(tokens).map(([t, id]) => [hashToken(t), { id, role: 'admin', patients: '*' }])));
const until = async (ok: () => boolean): Promise<boolean> => {
  for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 50));
  return ok();
};

describe(watchTokenFile.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'shuji-tokens-'));
  const stops: (() => void)[] = [];
  afterEach(() => stops.splice(0).forEach((s) => s()));

  it('should revoke and grant tokens without a restart when the file changes, and keep the tokens in force when an edit does not parse', async () => {
    const path = join(dir, 'tokens.json');
    writeFileSync(path, file({ old: 'a' }));
    const sut = parseTokenFile(file({ old: 'a' }));
    const errors: string[] = [];
    stops.push(watchTokenFile(path, sut, { log: () => undefined, error: (m: string) => void errors.push(m) } as never, 20));
    await new Promise((r) => setTimeout(r, 60));
    writeFileSync(path, file({ fresh: 'b' }));
    expect(await until(() => sut.resolve('fresh') !== undefined)).toBe(true);
    expect(sut.resolve('old')).toBeUndefined();
    await new Promise((r) => setTimeout(r, 60));
    writeFileSync(path, '{ half written');
    expect(await until(() => errors.length > 0)).toBe(true);
    expect(errors[0]).toMatch(/previous tokens stay in force/);
    expect(sut.resolve('fresh')?.id).toBe('b');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));
});
