import { createServer } from 'node:net';
import { describe, it } from 'vitest';
import { freePortPair } from './free-port';

const listenOn = (port: number): Promise<() => Promise<void>> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(() => new Promise((r) => server.close(() => r()))));
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
