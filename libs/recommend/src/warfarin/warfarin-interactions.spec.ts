import { describe, expect, it } from 'vitest';
import { AMIODARONE_CLEARANCE, ENZYME_INDUCER_CLEARANCE } from './warfarin-interactions';

describe('interacting drugs of warfarin', () => {
  it("should take the clearance factors and their sources from the knowledge base's interacts-with edges", () => {
    expect(AMIODARONE_CLEARANCE.factor).toBe(0.6);
    expect(AMIODARONE_CLEARANCE.source).toMatch(/^Sanoski CA, Bauman JL\. Chest 2002/);
    expect(ENZYME_INDUCER_CLEARANCE.factor).toBe(2);
    expect(ENZYME_INDUCER_CLEARANCE.source).toMatch(/BMC Pharmacol Toxicol 2013;14:27/);
  });
});
