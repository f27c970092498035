/** Injection token of the process's readiness (set by the app's bootstrap). */
export const READINESS = Symbol('READINESS');

export interface Readiness {
  isReady(): boolean;
}

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
