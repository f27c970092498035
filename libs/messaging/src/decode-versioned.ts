import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { decodeMessage, SCHEMA_VERSION } from '@shuji/contracts';
import { UnprocessableMessageError } from './bus-message';

/**
 * Decodes a message that carries its own schema_version (the pipeline's work messages: IngestRequested,
 * PopulationShardRequested/Completed). Bytes that do not decode, or a version this build does not know, can never
 * succeed: they are UnprocessableMessageError (DECODE_FAILED, SCHEMA_VERSION) and go straight to the dead letters.
 */
export function decodeVersioned<D extends DescMessage>(schema: D, bytes: Uint8Array): MessageShape<D> {
  let message: MessageShape<D>;
  try {
    message = decodeMessage(schema, bytes);
  } catch (error) {
    const article = /^[AEIOU]/.test(schema.name) ? 'an' : 'a';
    throw new UnprocessableMessageError(`not ${article} ${schema.name} message: ${(error as Error).message}`, 'DECODE_FAILED');
  }
  const version = (message as { schemaVersion?: unknown }).schemaVersion;
  if (version !== SCHEMA_VERSION) {
    throw new UnprocessableMessageError(`${schema.name} schema version ${String(version)} is not supported (expected ${SCHEMA_VERSION})`, 'SCHEMA_VERSION');
  }
  return message;
}
