import { describe, expect, it } from 'vitest';
import { UnprocessableMessageError } from './bus-message';
import { errorKind, isTransientInfrastructureError, outageLogger, TransientInfrastructureError } from './transient-error';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe(isTransientInfrastructureError.name, () => {
  it('should call a database or broker that is down, restarting or overloaded transient', () => {
    for (const e of [
      withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      withCode('terminating connection due to administrator command', '57P01'),
      withCode('the database system is starting up', '57P03'),
      withCode('could not serialize access due to concurrent update', '40001'),
      withCode('sorry, too many clients already', '53300'),
      withCode('connection failure', '08006'),
      new Error('Connection terminated unexpectedly'),
      Object.assign(new Error('Connection error'), { name: 'KafkaJSConnectionError' }),
      new TransientInfrastructureError('bus journal not writable'),
    ]) {
      expect(isTransientInfrastructureError(e), e.message).toBe(true);
    }
  });

  it('should look through TypeORM\'s driverError, causes and aggregates when the driver error is wrapped', () => {
    const typeorm = Object.assign(new Error('Query failed'), { name: 'QueryFailedError', driverError: withCode('x', '57P01') });
    expect(isTransientInfrastructureError(typeorm)).toBe(true);
    expect(isTransientInfrastructureError(new Error('outer', { cause: withCode('y', 'ECONNRESET') }))).toBe(true);
    expect(isTransientInfrastructureError(new AggregateError([new Error('a'), withCode('b', 'ECONNREFUSED')]))).toBe(true);
  });

  it('should call the record\'s own faults permanent', () => {
    for (const e of [
      withCode('invalid byte sequence for encoding "UTF8": 0x00', '22021'),
      withCode('duplicate key value violates unique constraint', '23505'),
      withCode('value too long for type character varying(64)', '22001'),
      new RangeError('glucose out of range'),
      Object.assign(new Error('wrapped'), { name: 'KafkaJSNonRetriableError', cause: new Error('message too large') }),
      withCode('canceling statement due to statement timeout', '57014'),
      new UnprocessableMessageError('bundle rejected: note says "Connection terminated unexpectedly"'),
      'a string',
      null,
    ]) {
      expect(isTransientInfrastructureError(e)).toBe(false);
    }
  });
});

describe(outageLogger.name, () => {
  it('should log an outage when it starts and then once per interval, not once per retry', () => {
    const lines: string[] = [];
    const sut = outageLogger((l) => lines.push(l), 't[0]@1', 30_000);
    for (const waited of [0, 100, 5_000, 29_999, 30_000, 31_000, 60_500]) sut(withCode('down', 'ECONNREFUSED'), waited);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/t\[0\]@1: infrastructure unavailable \(Error ECONNREFUSED\)/);
  });
});

describe(errorKind.name, () => {
  it('should name the class and code of a failure and never its message, which may quote a person\'s data', () => {
    expect(errorKind(withCode('value 1e9 for patient p-17 out of range', '22003'))).toBe('Error 22003');
    expect(errorKind(new RangeError('patient p-17'))).toBe('RangeError');
    expect(errorKind('patient p-17')).toBe('string');
  });
});
