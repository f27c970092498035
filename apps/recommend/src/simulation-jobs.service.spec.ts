import { AccessDeniedError, Role, type AccessAuditEntry, type Principal } from '@shuji/access';
import { uvaPadovaSubjects } from '@shuji/models';
import { defaultOptimiseRegistry, defaultWhatIfRegistry, isTwinBasis, RecommendInputError, type TwinBasis, type WhatIfResult } from '@shuji/recommend';
import { DEFAULT_TWIN_SETTINGS, generateVirtualPatient, ObservationCodes, InMemoryTwinEventLog, InMemoryTwinSnapshotStore, T1dComponentFactory, TwinNotFoundError, TwinService } from '@shuji/twin';
import Ajv2020 from 'ajv/dist/2020';
import { beforeAll, describe, expect, it } from 'vitest';
import { FakeRecommendationStore } from './recommendation-store.fake';
import { RecommendationStoreUnavailableError } from './recommendation.tokens';
import { RECOMMENDATION_VIEW_SCHEMA } from './recommendation-view.schema';
import { recommendationView } from './recommendations.service';
import { SIMULATION_JOB_SCHEMA } from './simulation-job.schema';
import { DEFAULT_SIMULATION_JOB_OPTIONS, RerunTimedOutError, SimulationJobsService, SimulationNotFoundError, type SimulationJobOptions, type SimulationJobView, type StoredOptimiseResult } from './simulation-jobs.service';

const vp = generateVirtualPatient({ index: 12, days: 1, seed: 5 });
const P = vp.patientId;
const owner: Principal = { id: `patient:${P}`, role: Role.Patient, patients: [P] };
const stranger: Principal = { id: 'patient:other', role: Role.Patient, patients: ['other'] };
const admin: Principal = { id: 'admin', role: Role.Admin, patients: '*' };
const body = (horizon: string) => ({ horizon, arms: [{ name: 'current' }, { name: 'b', changes: [{ kind: 'carb-ratio', grams_per_unit: 8 }] }] });

const prior = uvaPadovaSubjects().find((s) => s.name === vp.baseSubject)?.parameters ?? {};
/** The answer as the OpenAPI document describes it (every object closed: a field it does not name fails). */
const matchesDocument = new Ajv2020({ strict: false, validateFormats: false }).compile(SIMULATION_JOB_SCHEMA);
const documented = (job: SimulationJobView) => (matchesDocument(JSON.parse(JSON.stringify(job))) ? [] : matchesDocument.errors);
const matchesStoredView = new Ajv2020({ strict: false, validateFormats: false }).compile(RECOMMENDATION_VIEW_SCHEMA);
const newTwins = () => new TwinService(new InMemoryTwinEventLog(), new InMemoryTwinSnapshotStore(), new T1dComponentFactory(() => Promise.resolve(prior)), { ...DEFAULT_TWIN_SETTINGS, ensembleSize: 16 });

describe(SimulationJobsService.name, () => {
  let twins: TwinService;
  beforeAll(async () => {
    twins = newTwins();
    for (const e of vp.events) await twins.handle(e);
  });
  const make = (options: Partial<SimulationJobOptions>, on = twins, store: FakeRecommendationStore | null = new FakeRecommendationStore()) => {
    const audit: AccessAuditEntry[] = [];
    const sut = new SimulationJobsService(on, defaultWhatIfRegistry(), defaultOptimiseRegistry(), { ...DEFAULT_SIMULATION_JOB_OPTIONS, ...options }, 'shuji@test', { record: async (e) => void audit.push(e) }, store ?? undefined);
    return { sut, audit, store };
  };
  const finished = async (sut: SimulationJobsService, id: string): Promise<SimulationJobView> => {
    for (;;) {
      const job = await sut.get(owner, id);
      if (job.status !== 'queued' && job.status !== 'running') return job;
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  it('should answer with the result when the run ends within answerWithinMs, and audit the call', async () => {
    const { sut, audit } = make({ answerWithinMs: 60_000 });
    const job = await sut.start(owner, P, body('PT2H'));
    expect(job).toMatchObject({ patient_id: P, status: 'done', progress: 1 });
    expect((job.result as WhatIfResult).components[0].arms.map((a) => a.name)).toEqual(['current', 'b']);
    expect(documented(job)).toEqual([]);
    expect(audit).toEqual([{ actor: owner.id, action: 'simulate-twin', patientId: P, resource: `Twin/${P}/simulations`, details: { outcome: 'allowed' } }]);
  });

  it('should run at most maxConcurrent at once: a second job waits its turn, then both finish', async () => {
    const { sut } = make({ answerWithinMs: 0, maxConcurrent: 1 });
    const first = await sut.start(owner, P, body('P7D'));
    const second = await sut.start(owner, P, body('PT1H'));
    expect(first.status).toBe('running');
    expect(second.status).toBe('queued');
    expect((await finished(sut, second.id)).status).toBe('done');
    expect((await sut.get(owner, first.id)).status).toBe('done');
  });

  it('should cancel a queued job before it runs, and a running one', async () => {
    const { sut, audit } = make({ answerWithinMs: 0, maxConcurrent: 1 });
    const running = await sut.start(owner, P, body('P2D'));
    const queued = await sut.start(owner, P, body('PT1H'));
    expect((await sut.cancel(owner, queued.id)).status).toBe('cancelled');
    expect((await sut.cancel(owner, running.id)).status).toBe('cancelled');
    expect(audit.filter((e) => e.action === 'cancel-twin-simulation').map((e) => e.details)).toEqual([{ outcome: 'allowed' }, { outcome: 'allowed' }]);
  });

  it("should refuse a principal without the patient in scope, for a new simulation and for another's job", async () => {
    const { sut } = make({ answerWithinMs: 60_000 });
    await expect(sut.start(stranger, P, body('PT1H'))).rejects.toBeInstanceOf(AccessDeniedError);
    const job = await sut.start(owner, P, body('PT1H'));
    await expect(sut.get(stranger, job.id)).rejects.toBeInstanceOf(AccessDeniedError);
    await expect(sut.get(undefined, job.id)).rejects.toBeInstanceOf(AccessDeniedError);
  });

  it('should refuse a bad request, an unknown twin and an unknown job, auditing each outcome', async () => {
    const { sut, audit } = make({});
    await expect(sut.start(owner, P, body('P100Y'))).rejects.toBeInstanceOf(RecommendInputError);
    await expect(sut.start(admin, 'nobody', body('PT1H'))).rejects.toBeInstanceOf(TwinNotFoundError);
    await expect(sut.get(owner, 'no-such-job')).rejects.toBeInstanceOf(SimulationNotFoundError);
    expect(audit.map((e) => e.details?.outcome)).toEqual(['invalid', 'not-found']);
  });

  it('should answer a T1D settings recommendation with ranked options inside the limits, audited, never applied', async () => {
    const { sut, audit } = make({ answerWithinMs: 120_000 });
    const job = await sut.recommend(owner, P, 't1d-settings', { horizon: 'PT12H', limits: { max_step_percent: 10 }, options: 2 });
    expect(job).toMatchObject({ patient_id: P, status: 'done' });
    const result = job.result as StoredOptimiseResult;
    expect(result).toMatchObject({ kind: 't1d-settings', applied: false, members: 16 });
    expect(result.options.length).toBeLessThanOrEqual(2);
    for (const option of result.options) for (const step of Object.values(option.step_percent)) expect(Math.abs(step)).toBeLessThanOrEqual(10);
    expect(audit).toEqual([{ actor: owner.id, action: 'recommend-twin', patientId: P, resource: `Twin/${P}/recommendations/t1d-settings`, details: { outcome: 'allowed' } }]);
  });

  it('should refuse an unknown kind and a bad limit naming the field, running nothing', async () => {
    const { sut, audit } = make({});
    await expect(sut.recommend(owner, P, 'nope', {})).rejects.toMatchObject({ field: 'kind' });
    await expect(sut.recommend(owner, P, 't1d-settings', { limits: { max_step_percent: 90 } })).rejects.toMatchObject({ field: 'limits.max_step_percent' });
    await expect(sut.recommend(stranger, P, 't1d-settings', {})).rejects.toBeInstanceOf(AccessDeniedError);
    expect(audit.map((e) => e.details?.outcome)).toEqual(['invalid', 'invalid']);
  });

  it('should store the recommendation with the twin it rests on, and re-run it bit for bit after the twin has moved on', async () => {
    const cut = vp.events[0].timeMs + 16 * 3_600_000;
    const live = newTwins();
    for (const e of vp.events.filter((e) => e.timeMs < cut)) await live.handle(e);
    const { sut, store } = make({ answerWithinMs: 120_000 }, live);
    const request = { horizon: 'PT12H', limits: { max_step_percent: 10 }, options: 2 };
    const job = await sut.recommend(owner, P, 't1d-settings', request);
    expect(documented(job)).toEqual([]);
    const result = job.result as StoredOptimiseResult;
    const stored = store!.rows.get(result.recommendation_id)!;
    expect(stored).toMatchObject({ kind: 't1d-settings', patientId: P, inputs: { ...request, seed: 1 }, createdBy: owner.id });
    const { recommendation_id: _id, ...output } = result;
    expect(stored.output).toEqual(JSON.parse(JSON.stringify(output)));
    expect(stored.headline).toMatch(/ → time in range [+−±][\d.]+ \(10–90 %: .+\) over PT12H$|^No change offered: /);
    expect(store!.audit).toEqual(['create-recommendation']);
    const twin = (stored.provenance as { twin: TwinBasis }).twin;
    expect(isTwinBasis(twin)).toBe(true);
    expect(twin.revision).toBe((await live.get(P)).revision);
    expect(twin.observations.find((o) => o.loinc === ObservationCodes.cgmGlucose.loinc)?.count).toBeGreaterThan(100); // the CGM readings it was fitted to
    expect(twin.parameters.every((p) => Number.isFinite(p.mean) && p.sd >= 0)).toBe(true);
    // GET /v1/recommendations/{id} answers it as the OpenAPI document says (the twin's basis included)
    expect(matchesStoredView(JSON.parse(JSON.stringify(recommendationView(stored)))) ? [] : matchesStoredView.errors).toEqual([]);

    // the person's later data move the live twin on; the re-run folds the twin of the mark again
    for (const e of vp.events.filter((e) => e.timeMs >= cut)) await live.handle(e);
    expect((await live.get(P)).revision).toBeGreaterThan(twin.revision);
    const rerun = await sut.rerunStored(stored as typeof stored & { provenance: { twin: TwinBasis } });
    expect(rerun).toMatchObject({ reproduced: true, differences: [] });
    expect(rerun.models.map((m) => m.id)).toEqual(twin.components.map((c) => c.split('@')[0]));

    // a stored output altered (as a tampered or differently computed row would be) is not reproduced, and says where
    const altered = { ...stored, output: { ...(stored.output as object), seed: 2 } } as typeof stored & { provenance: { twin: TwinBasis } };
    expect(await sut.rerunStored(altered)).toMatchObject({ reproduced: false, differences: ['/seed'] });
  });

  it('should give up a re-run that cannot start within rerunWithinMs, leaving the queue as it was', async () => {
    const { sut: recommender, store } = make({ answerWithinMs: 120_000 });
    const made = (await recommender.recommend(owner, P, 't1d-settings', { horizon: 'PT3H', options: 1 })).result as StoredOptimiseResult;
    const stored = store!.rows.get(made.recommendation_id)! as Parameters<SimulationJobsService['rerunStored']>[0];
    const { sut } = make({ answerWithinMs: 0, maxConcurrent: 1, rerunWithinMs: 200 }, twins, store);
    // the only run slot held until released (a simulation's run time depends on the machine; this does not)
    let release!: () => void;
    const held = sut.inRunSlot(() => new Promise<void>((resolve) => (release = resolve)));
    const waited = Date.now();
    await expect(sut.rerunStored(stored)).rejects.toBeInstanceOf(RerunTimedOutError);
    expect(Date.now() - waited).toBeLessThan(5_000);
    release();
    await held;
    // the re-run left the queue: the slot passes to the next job
    expect((await finished(sut, (await sut.start(owner, P, body('PT1H'))).id)).status).toBe('done');
    expect(await recommender.rerunStored(stored)).toMatchObject({ reproduced: true });
  });

  it('should fail the job, offering nothing, when the recommendation cannot be stored; and refuse to run without a store', async () => {
    const failing = new FakeRecommendationStore();
    failing.create = () => Promise.reject(Object.assign(new Error(`duplicate key (patient_id)=(${P})`), { code: '23505' }));
    const { sut } = make({ answerWithinMs: 120_000 }, twins, failing);
    const job = await sut.recommend(owner, P, 't1d-settings', { horizon: 'PT3H', options: 1 });
    expect(job).toMatchObject({ status: 'failed', error: 'the recommendation could not be stored in the database, so none is given; try again' });
    expect(job.result).toBeUndefined();
    const { sut: storeless } = make({}, twins, null);
    await expect(storeless.recommend(owner, P, 't1d-settings', {})).rejects.toBeInstanceOf(RecommendationStoreUnavailableError);
  });
});
