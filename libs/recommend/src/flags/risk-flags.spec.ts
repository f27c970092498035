import { describe, expect, it } from 'vitest';
import { riskFlags } from './risk-flags';

const quiet = { cgmReadings: 288, cgmBelow70: 0, cgmBelow54: 0, lastSystolic: 128, lastInr: null };

describe('riskFlags', () => {
  it('should raise nothing for a patient within every target', () => {
    expect(riskFlags(quiet)).toEqual([]);
    expect(riskFlags({ ...quiet, cgmBelow70: 11, lastSystolic: 139.9, lastInr: 2.5 })).toEqual([]); // 3.8 % < 4 %
  });

  it('should flag time below range at the consensus targets, the severe level before the other', () => {
    expect(riskFlags({ ...quiet, cgmBelow70: 12 })).toEqual([{ code: 'time-below-range', severity: 'warning', text: '4.2 % of CGM readings below 70 mg/dL (target < 4 %)' }]);
    expect(riskFlags({ ...quiet, cgmBelow70: 20, cgmBelow54: 2 })[0]).toMatchObject({ severity: 'warning' }); // 0.7 % < 1 %, 6.9 % > 4 %
    expect(riskFlags({ ...quiet, cgmBelow70: 20, cgmBelow54: 4 })[0]).toMatchObject({ severity: 'critical', text: '1.4 % of CGM readings below 54 mg/dL (target < 1 %)' });
  });

  it('should not judge time below range on under eight hours of CGM', () => {
    expect(riskFlags({ ...quiet, cgmReadings: 95, cgmBelow70: 50, cgmBelow54: 50 })).toEqual([]);
  });

  it('should flag blood pressure and INR outside their targets, critical when far outside', () => {
    expect(riskFlags({ ...quiet, lastSystolic: 140 })).toEqual([{ code: 'bp-above-target', severity: 'warning', text: 'latest systolic 140 mmHg (target < 140)' }]);
    expect(riskFlags({ ...quiet, lastSystolic: 185 })[0].severity).toBe('critical');
    expect(riskFlags({ ...quiet, lastInr: 1.7 })).toEqual([{ code: 'inr-out-of-range', severity: 'warning', text: 'latest INR 1.7 (target 2.0–3.0)' }]);
    expect(riskFlags({ ...quiet, lastInr: 5.2 })[0].severity).toBe('critical');
  });
});
