import type { Readiness } from './gateway.tokens';

/** Flipped by the bootstrap once every dependency of the process is up. */
export class ReadinessState implements Readiness {
  private ready = false;
  markReady(): void {
    this.ready = true;
  }
  isReady(): boolean {
    return this.ready;
  }
}
