import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { embeddedPortFor } from './embedded-port.util';

describe(embeddedPortFor.name, () => {
  const dirs: string[] = [];
  const servers: Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
    for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  });
  const dir = async () => {
    const d = await mkdtemp(join(tmpdir(), 'shuji-port-'));
    dirs.push(d);
    return d;
  };

  it('should keep the port of a data directory across starts and give another directory another port', async () => {
    const a = await dir();
    const first = await embeddedPortFor(a);
    expect(await embeddedPortFor(a)).toBe(first);
    expect(Number(await readFile(join(a, 'postgres.port'), 'utf8'))).toBe(first);
    // the first platform's PostgreSQL now listens there: a second data directory must get another port
    const running = createServer();
    servers.push(running);
    await new Promise<void>((r) => running.listen(first, '127.0.0.1', () => r()));
    expect(await embeddedPortFor(await dir())).not.toBe(first);
  });

  it('should choose a new free port when the remembered one is taken by someone else', async () => {
    const a = await dir();
    const first = await embeddedPortFor(a);
    const squatter = createServer();
    servers.push(squatter);
    await new Promise<void>((r) => squatter.listen(first, '127.0.0.1', () => r()));
    const sut = await embeddedPortFor(a);
    expect(sut).not.toBe(first);
    expect(await embeddedPortFor(a)).toBe(sut);
  });
});
