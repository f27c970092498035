import { Role, type Principal } from '@shuji/access';
import type { PopulationJobRepository, PopulationJobRow } from '@shuji/persistence';
import { PopulationScenarioError, type PopulationScenario, type ShardPlan } from '@shuji/population';
import { describe, expect, it } from 'vitest';
import { PopulationDispatchError, PopulationJobsService, PopulationJobStateError, toJobView } from './population-jobs.service';
import type { ShardDispatcher } from './shard-dispatcher';

const admin: Principal = { id: 'admin', role: Role.Admin, patients: '*' };
const scenario = { cohort: { size: 25 }, models: ['uva-padova-s2008'], horizon_days: 1, shard_size: 10, arms: [{ name: 'a' }] };

/** An in-memory PopulationJobRepository: only what the service calls. */
function fakeJobs(rows: PopulationJobRow[] = []) {
  const byId = new Map(rows.map((r) => [r.jobId, r]));
  const calls: string[] = [];
  const repo = {
    async create(job: { jobId: string; name: string; scenario: unknown; shardCount: number; createdBy: string }) {
      byId.set(job.jobId, { ...job, status: 'running', shardsDone: 0, persons: 0, failed: 0, personDays: 0, result: null, error: null, createdAt: new Date(), dispatchedAt: null, finishedAt: null });
    },
    async get(id: string) {
      return byId.get(id);
    },
    async running() {
      return [...byId.values()].filter((r) => r.status === 'running');
    },
    async missingShards() {
      return [1, 2];
    },
    async markDispatched(id: string) {
      calls.push(`dispatched ${id}`);
      byId.set(id, { ...byId.get(id)!, dispatchedAt: new Date() });
    },
    async fail(id: string, error: string) {
      byId.set(id, { ...byId.get(id)!, status: 'failed', error });
    },
    async cancel(id: string) {
      const job = byId.get(id);
      if (job?.status !== 'running') return false;
      byId.set(id, { ...job, status: 'cancelled' });
      return true;
    },
  };
  return { repo: repo as unknown as PopulationJobRepository, byId, calls };
}

function fakeDispatcher(durable: boolean, fails = false) {
  const dispatched: { jobId: string; shards: number[] }[] = [];
  const cancelled: string[] = [];
  const dispatcher: ShardDispatcher = {
    durable,
    async dispatch(jobId: string, _s: PopulationScenario, shards: readonly ShardPlan[]) {
      if (fails) throw new Error('broker unreachable');
      dispatched.push({ jobId, shards: shards.map((s) => s.index) });
    },
    cancel: (jobId) => cancelled.push(jobId),
  };
  return { dispatcher, dispatched, cancelled };
}

const row = (over: Partial<PopulationJobRow>): PopulationJobRow => ({
  jobId: 'j1',
  name: 'n',
  scenario,
  status: 'running',
  shardCount: 3,
  shardsDone: 1,
  persons: 10,
  failed: 0,
  personDays: 10,
  result: null,
  error: null,
  createdBy: 'admin',
  createdAt: new Date(0),
  dispatchedAt: new Date(0),
  finishedAt: null,
  ...over,
});

describe(PopulationJobsService.name, () => {
  it('should store the job and dispatch all its shards when the scenario is valid', async () => {
    const { repo, calls } = fakeJobs();
    const { dispatcher, dispatched } = fakeDispatcher(true);
    const sut = new PopulationJobsService(repo, dispatcher);
    const view = await sut.create(admin, scenario);
    expect(view).toMatchObject({ status: 'running', shards: { done: 0, total: 3 }, progress: 0, eta_s: null });
    expect(dispatched).toEqual([{ jobId: view.id, shards: [0, 1, 2] }]);
    expect(calls).toEqual([`dispatched ${view.id}`]);
  });

  it('should refuse a bad scenario before storing anything', async () => {
    const { repo, byId } = fakeJobs();
    const sut = new PopulationJobsService(repo, fakeDispatcher(true).dispatcher);
    await expect(sut.create(admin, { ...scenario, horizon_days: -2 })).rejects.toBeInstanceOf(PopulationScenarioError);
    expect(byId.size).toBe(0);
  });

  it('should mark the job failed and answer a dispatch error when the shards cannot be published', async () => {
    const { repo, byId } = fakeJobs();
    const sut = new PopulationJobsService(repo, fakeDispatcher(true, true).dispatcher);
    await expect(sut.create(admin, scenario)).rejects.toBeInstanceOf(PopulationDispatchError);
    expect([...byId.values()][0]).toMatchObject({ status: 'failed', error: 'could not dispatch shards: broker unreachable' });
  });

  it('should refuse a principal without the population permission', async () => {
    const sut = new PopulationJobsService(fakeJobs().repo, fakeDispatcher(true).dispatcher);
    await expect(sut.create({ id: 'd', role: Role.Device, patients: ['p'] }, scenario)).rejects.toThrow(/population\.run/);
  });

  it('should cancel a running job once, and tell the dispatcher', async () => {
    const { repo } = fakeJobs([row({})]);
    const { dispatcher, cancelled } = fakeDispatcher(false);
    const sut = new PopulationJobsService(repo, dispatcher);
    expect((await sut.cancel(admin, 'j1')).status).toBe('cancelled');
    await expect(sut.cancel(admin, 'j1')).rejects.toBeInstanceOf(PopulationJobStateError);
    expect(cancelled).toEqual(['j1']);
  });

  it('should resume only the missing shards: every running job on threads, only undispatched ones on Kafka', async () => {
    const jobs = [row({ jobId: 'dispatched' }), row({ jobId: 'not-dispatched', dispatchedAt: null })];
    const threads = fakeDispatcher(false);
    await new PopulationJobsService(fakeJobs(jobs).repo, threads.dispatcher).onApplicationBootstrap();
    expect(threads.dispatched).toEqual([
      { jobId: 'dispatched', shards: [1, 2] },
      { jobId: 'not-dispatched', shards: [1, 2] },
    ]);
    const kafka = fakeDispatcher(true);
    await new PopulationJobsService(fakeJobs(jobs).repo, kafka.dispatcher).onApplicationBootstrap();
    expect(kafka.dispatched).toEqual([{ jobId: 'not-dispatched', shards: [1, 2] }]);
  });
});

describe(toJobView.name, () => {
  it('should estimate the time to go from the rate so far, and none once finished', () => {
    const job = row({ createdAt: new Date(0), shardsDone: 1, shardCount: 4 });
    expect(toJobView(job, 10_000)).toMatchObject({ progress: 0.25, eta_s: 30 });
    expect(toJobView({ ...job, status: 'succeeded', shardsDone: 4 }, 10_000).eta_s).toBeNull();
  });
});
