import { uvaPadovaSubjects } from '@shuji/models';
import { describe, expect, it } from 'vitest';
import { T1dGlucoseComponent } from '../composition/t1d-glucose.component';
import { generateVirtualPatient } from '../virtual-patients/virtual-patient.generator';
import { consentCategoryOf, ConsentState } from './consent';
import { DEFAULT_TWIN_SETTINGS, TwinEngine } from './twin-engine';
import type { TwinEvent } from './twin-event';

const settings = { ...DEFAULT_TWIN_SETTINGS, ensembleSize: 8 };
const vp = generateVirtualPatient({ index: 2, days: 1, seed: 3 });
const prior = uvaPadovaSubjects().find((s) => s.name === vp.baseSubject)!.parameters;
const start = vp.truth.timeMs[0];
const hours = (h: number) => start + h * 3_600_000;
const firstHours = vp.events.filter((e) => e.timeMs < hours(6));
const consent = (id: string, timeMs: number, granted: boolean): TwinEvent => ({ kind: 'consent', id, patientId: vp.patientId, timeMs, category: 'cgm', granted });
const fold = (events: readonly TwinEvent[]) => TwinEngine.restore(vp.patientId, new T1dGlucoseComponent({ prior }), settings, events, undefined);

describe('consent in the twin log', () => {
  it('should file each kind of data under its category', () => {
    const at = { id: 'e', patientId: 'p', timeMs: 0 };
    expect(consentCategoryOf({ ...at, kind: 'observation', loinc: '99504-3', value: 100, unit: 'mg/dL' })).toBe('cgm');
    expect(consentCategoryOf({ ...at, kind: 'observation', loinc: '8480-6', value: 130, unit: 'mm[Hg]' })).toBeUndefined();
    expect(consentCategoryOf({ ...at, kind: 'medication-dose', atc: 'B01AA03', mg: 5 })).toBe('medications');
    expect(consentCategoryOf({ ...at, kind: 'insulin-bolus', units: 2 })).toBe('medications');
    expect(consentCategoryOf({ ...at, kind: 'genotype', gene: 'VKORC1', result: 'GA' })).toBe('genotype');
    expect(consentCategoryOf({ ...at, kind: 'medication-schedule', atc: 'C08CA01', mg: 5, everyMin: 1440 })).toBe('medications');
    const state = new ConsentState();
    state.take(consent('c', 0, false));
    expect(state.snapshot()).toEqual({ cgm: false, medications: true, genotype: true, research: true });
  });

  it('should leave the twin exactly as it was for CGM readings after a withdrawal, and use them again after a new grant', () => {
    const withdrawn = [...firstHours, consent('withdraw', hours(3), false)];
    const untilWithdrawal = fold(firstHours.filter((e) => e.timeMs <= hours(3)));
    const sut = fold(withdrawn);
    expect(sut.consents.cgm).toBe(false);
    // the readings after the withdrawal are in the log, counted, never assimilated: the state is the one at 3 h,
    // carried forward by the model alone (no reading after 3 h moved it)
    const cgmAfter = firstHours.filter((e) => e.kind === 'observation' && e.loinc === '99504-3' && e.timeMs > hours(3));
    expect(cgmAfter.length).toBeGreaterThan(20);
    expect(sut.revision).toBe(withdrawn.length);
    const modelOnly = fold(withdrawn.filter((e) => !(e.kind === 'observation' && e.timeMs > hours(3))));
    expect(untilWithdrawal.revision).toBeGreaterThan(0);
    expect(sut.innovations.get('99504-3')).toEqual(untilWithdrawal.innovations.get('99504-3'));
    expect(sut.dataCoverage.get('99504-3')!.count).toBeGreaterThan(modelOnly.dataCoverage.get('99504-3')?.count ?? 0);
    const regranted = fold([...withdrawn, consent('grant', hours(5), true)]);
    expect(regranted.consents.cgm).toBe(true);
    expect(regranted.innovations.get('99504-3')).not.toEqual(untilWithdrawal.innovations.get('99504-3'));
  });

  it('should rebuild the same twin from the log in any arrival order', () => {
    const log = [...firstHours, consent('withdraw', hours(3), false), consent('grant', hours(5), true)];
    const inOrder = fold(log);
    const live = new TwinEngine(vp.patientId, new T1dGlucoseComponent({ prior }), settings);
    // the consent events arrive late, inside the out-of-order window
    for (const e of [...log.filter((e) => e.kind !== 'consent'), ...log.filter((e) => e.kind === 'consent')]) live.apply(e);
    expect(live.ensemble).toEqual(inOrder.ensemble);
    expect(live.consents).toEqual(inOrder.consents);
  });

  it('should end a prescription\'s planned doses when consent for medications is withdrawn, and not revive them on a new grant', () => {
    const base = { patientId: vp.patientId };
    const schedule: TwinEvent = { ...base, kind: 'medication-schedule', id: 'rx', timeMs: start, atc: 'C08CA01', mg: 5, everyMin: 1440 };
    const withdraw: TwinEvent = { ...base, kind: 'consent', id: 'w', timeMs: hours(3), category: 'medications', granted: false };
    const grant: TwinEvent = { ...base, kind: 'consent', id: 'g', timeMs: hours(5), category: 'medications', granted: true };
    const twin = fold([...firstHours, schedule, withdraw, grant]);
    expect(twin.knownInputs().schedules).toEqual([{ startMin: start / 60_000, atc: 'C08CA01', mg: 5, everyMin: 1440, endMin: hours(3) / 60_000 }]);
    expect(fold([...firstHours, schedule]).knownInputs().schedules?.[0]?.endMin).toBeUndefined();
  });
});
