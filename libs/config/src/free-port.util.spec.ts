import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort, isPortFree } from './free-port.util';

const listenOn = (port: number): Promise<() => Promise<void>> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(() => new Promise((r) => server.close(() => r()))));
  });

describe(freePort.name, () => {
  it('should give a port a server can then listen on', async () => {
    const sut = await freePort();
    expect(sut).toBeGreaterThan(0);
    const close = await listenOn(sut);
    await close();
  });
});

describe(isPortFree.name, () => {
  it('should say a port is taken while a server listens on it, and free once it has closed', async () => {
    const port = await freePort();
    const close = await listenOn(port);
    expect(await isPortFree(port)).toBe(false);
    await close();
    expect(await isPortFree(port)).toBe(true);
  });
});
