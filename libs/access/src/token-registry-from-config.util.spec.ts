import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
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
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A token file `name` holding `tokens`, a registry parsed from it and watched every 20 ms, and the errors logged. */
  const watched = async (name: string, tokens: Record<string, string>) => {
    const path = join(dir, name);
    writeFileSync(path, file(tokens));
    const sut = parseTokenFile(file(tokens));
    const errors: string[] = [];
    stops.push(watchTokenFile(path, sut, { log: () => undefined, error: (m: string) => void errors.push(m) } as never, 20));
    await new Promise((r) => setTimeout(r, 60));
    return { path, sut, errors };
  };

  it('should revoke and grant tokens without a restart when the file changes, and keep the tokens in force when an edit does not parse', async () => {
    const { path, sut, errors } = await watched('tokens.json', { old: 'a' });
    writeFileSync(path, file({ fresh: 'b' }));
    expect(await until(() => sut.resolve('fresh') !== undefined)).toBe(true);
    expect(sut.resolve('old')).toBeUndefined();
    await new Promise((r) => setTimeout(r, 60));
    writeFileSync(path, '{ half written');
    expect(await until(() => errors.length > 0)).toBe(true);
    expect(errors[0]).toMatch(/previous tokens stay in force/);
    expect(sut.resolve('fresh')?.id).toBe('b');
  });

  it('should revoke every token when the file is emptied or deleted (fail closed)', async () => {
    const { path, sut, errors } = await watched('closing.json', { kept: 'a' });
    writeFileSync(path, '{}');
    expect(await until(() => sut.resolve('kept') === undefined)).toBe(true);
    writeFileSync(path, file({ back: 'b' }));
    expect(await until(() => sut.resolve('back') !== undefined)).toBe(true);
    await new Promise((r) => setTimeout(r, 60));
    rmSync(path);
    expect(await until(() => sut.resolve('back') === undefined)).toBe(true);
    expect(errors.some((e) => /revoked/.test(e))).toBe(true);
  });
});
