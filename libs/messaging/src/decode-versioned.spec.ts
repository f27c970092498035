import { encodeMessage, IngestRequestedSchema, PopulationShardCompletedSchema, SCHEMA_VERSION } from '@shuji/contracts';
import { describe, expect, it } from 'vitest';
import { UnprocessableMessageError } from './bus-message';
import { decodeVersioned } from './decode-versioned';

describe(decodeVersioned.name, () => {
  it('should give the message back when it decodes and has the current schema version', () => {
    const sut = decodeVersioned(PopulationShardCompletedSchema, encodeMessage(PopulationShardCompletedSchema, { schemaVersion: SCHEMA_VERSION, jobId: 'j', shardIndex: 3 }));
    expect([sut.jobId, sut.shardIndex]).toEqual(['j', 3]);
  });

  it('should refuse bytes that do not decode as DECODE_FAILED, naming the message', () => {
    const sut = () => decodeVersioned(IngestRequestedSchema, Buffer.from('garbage-\xff'));
    expect(sut).toThrow(UnprocessableMessageError);
    expect(sut).toThrow(expect.objectContaining({ code: 'DECODE_FAILED', message: expect.stringMatching(/^not an IngestRequested message: /) }));
  });

  it('should refuse another schema version as SCHEMA_VERSION', () => {
    const sut = () => decodeVersioned(PopulationShardCompletedSchema, encodeMessage(PopulationShardCompletedSchema, { schemaVersion: 9 }));
    expect(sut).toThrow(expect.objectContaining({ code: 'SCHEMA_VERSION', message: 'PopulationShardCompleted schema version 9 is not supported (expected 1)' }));
  });
});
