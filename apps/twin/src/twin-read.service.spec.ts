import { ServiceUnavailableException, type CallHandler, type ExecutionContext } from '@nestjs/common';
import { Role, type Principal } from '@shuji/access';
import { defaultHybridCalibration } from '@shuji/forecasting';
import { TransientHttpInterceptor } from '@shuji/messaging';
import { AuditGroupCommit, type AuditEntry } from '@shuji/persistence';
import type { TwinService, TwinSummary } from '@shuji/twin';
import { from, lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { TwinReadService } from './twin-read.service';

const patient = (id: string): Principal => ({ id: `patient:${id}`, role: Role.Patient, patients: [id] });
const summaryOf = (patientId: string): TwinSummary => ({ patientId, revision: 7, components: [], state: [], parameters: [], dataCoverage: [], lastUpdate: null });
/** A TwinService that has a twin for everyone (the reads' audit is under test, not the twin). */
const twins = { summary: (patientId: string) => Promise.resolve(summaryOf(patientId)) } as unknown as TwinService;

/** The HTTP answer Nest would give: the read through the platform's interceptor of outages. */
function overHttp<T>(read: Promise<T>): Promise<T> {
  const ctx = { getType: () => 'http', switchToHttp: () => ({ getResponse: () => ({ set: () => undefined }) }) } as unknown as ExecutionContext;
  const handler: CallHandler<T> = { handle: () => from(read) };
  return lastValueFrom(new TransientHttpInterceptor().intercept(ctx, handler)) as Promise<T>;
}

describe(TwinReadService.name, () => {
  it('should answer concurrent reads each once its own audit row is stored, the rows going together', async () => {
    const statements: AuditEntry[][] = [];
    const audit = new AuditGroupCommit(async (entries) => void statements.push([...entries]));
    const sut = new TwinReadService(twins, null, defaultHybridCalibration(), audit);
    const ids = Array.from({ length: 20 }, (_, i) => `p${i}`);
    const answers = await Promise.all(ids.map((id) => sut.summary(patient(id), id)));
    expect(answers.map((a) => a.patientId)).toEqual(ids);
    const rows = statements.flat();
    expect(rows.map((r) => [r.actor, r.action, r.patientId, r.details])).toEqual(ids.map((id) => [`patient:${id}`, 'read-twin-summary', id, { outcome: 'allowed' }]));
    expect(statements.length).toBeLessThan(ids.length);
  });

  it('should answer 503, never the twin, when its audit row cannot be written (the database is down)', async () => {
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const audit = new AuditGroupCommit(() => Promise.reject(down));
    const sut = new TwinReadService(twins, null, defaultHybridCalibration(), audit);
    const answers = await Promise.allSettled(['a', 'b', 'c'].map((id) => overHttp(sut.summary(patient(id), id))));
    for (const a of answers) {
      expect(a.status).toBe('rejected');
      expect((a as PromiseRejectedResult).reason).toBeInstanceOf(ServiceUnavailableException);
    }
  });
});
