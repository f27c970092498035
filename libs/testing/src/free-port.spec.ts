import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort, freePortPair } from './free-port';

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

describe(freePortPair.name, () => {
  it('should give a port whose successor is free too (the Kafka controller listens there)', async () => {
    const sut = await freePortPair();
    const closeBroker = await listenOn(sut);
    const closeController = await listenOn(sut + 1);
    await closeController();
    await closeBroker();
  });
});
