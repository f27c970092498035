import type { MessageHandler } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import type { BusBatchContext } from './bus-batch';
import type { BusContext } from './bus-message';

/** Calls a Nest event handler and waits for it, observable or promise; rejects with its error. */
export async function invokeHandler(handler: MessageHandler, value: Buffer | readonly Buffer[], ctx: BusContext | BusBatchContext): Promise<void> {
  const result: unknown = await handler(value, ctx);
  if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
}
