import { freePort, isPortFree } from '@shuji/config';

/** A free port whose successor is free too: infra/kafka/start.sh puts the KRaft controller on PORT + 1. */
export async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await freePort();
    if (port < 65535 && (await isPortFree(port + 1))) return port;
  }
  throw new Error('freePortPair: no two adjacent free ports found in 50 attempts');
}
