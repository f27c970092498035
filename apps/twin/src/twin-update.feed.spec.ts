import { describe, expect, it } from 'vitest';
import { TwinUpdateFeed } from './twin-update.feed';

describe('TwinUpdateFeed', () => {
  it("should give a subscriber its patient's revisions only, in order, and end with the module", () => {
    const sut = new TwinUpdateFeed();
    const seen: number[] = [];
    let ended = false;
    sut.revisionsOf('p-1').subscribe({ next: (r) => seen.push(r), complete: () => (ended = true) });
    sut.emit({ patientId: 'p-1', revision: 1 });
    sut.emit({ patientId: 'p-2', revision: 7 });
    sut.emit({ patientId: 'p-1', revision: 2 });
    sut.onModuleDestroy();
    expect(seen).toEqual([1, 2]);
    expect(ended).toBe(true);
  });
});
