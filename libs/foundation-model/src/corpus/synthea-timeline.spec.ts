import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedPath } from '@shuji/testing';
import { describe, expect, it } from 'vitest';
import { bundleTimeline } from './synthea-timeline';

// tests may read the shared fixtures; the product may not
const DIR = sharedPath('fixtures', 'synthea-r4');

describe(bundleTimeline.name, () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
  const keep = new Set(['29463-7', '8480-6', '8462-4', '2339-0']);
  const timelines = files.map((f) => bundleTimeline(JSON.parse(readFileSync(join(DIR, f), 'utf8')), keep));

  it('should read weights, glucose and both blood-pressure components from the Synthea bundles', () => {
    const all = timelines.flat();
    for (const code of keep) expect(all.some((o) => o.c === code)).toBe(true);
    expect(all.filter((o) => o.c === '8480-6').length).toBe(all.filter((o) => o.c === '8462-4').length);
  });

  it('should give times in minutes from the first kept observation, sorted', () => {
    for (const timeline of timelines.filter((t) => t.length > 0)) {
      expect(timeline[0].t).toBe(0);
      for (let i = 1; i < timeline.length; i++) expect(timeline[i].t).toBeGreaterThanOrEqual(timeline[i - 1].t);
    }
  });

  it('should skip what is not a bundle instead of failing', () => {
    expect(bundleTimeline({ resourceType: 'Patient' }, keep)).toEqual([]);
    expect(bundleTimeline(null, keep)).toEqual([]);
  });
});
