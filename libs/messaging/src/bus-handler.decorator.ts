import { EventPattern } from '@nestjs/microservices';

type BusHandlerMethod = (value: Buffer, ...rest: never[]) => unknown;

/**
 * The Nest transport id of the bus server of one consumer group. Nest hands a handler tagged with a transport
 * only to the server with that id, so one process can run several groups (e.g. ingest and twin in the platform)
 * without each group also consuming the other's topics.
 */
export function busTransportFor(groupId: string): symbol {
  return Symbol.for(`shuji.bus.${groupId}`);
}

export interface BusHandlerOptions {
  /** Consumer group that runs this handler; omitted: every bus server in the process runs it. */
  readonly group?: string;
}

/**
 * Marks a consumer method for a topic (or a list of topics): `@BusHandler(Topics.x, { group }) handle(@Payload() value: Buffer, @Ctx() ctx: BusContext)`.
 * A thin EventPattern whose type admits the (Buffer, BusContext) signature both bus servers call with.
 */
export function BusHandler(topic: string | readonly string[], options: BusHandlerOptions = {}): <M extends BusHandlerMethod>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<M>) => void {
  // Nest registers one handler per pattern of a list, so one method can consume several topics
  const patterns = typeof topic === 'string' ? topic : [...topic];
  const decorate = (options.group ? EventPattern<string | string[]>(patterns, busTransportFor(options.group)) : EventPattern<string | string[]>(patterns)) as MethodDecorator;
  return <M extends BusHandlerMethod>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<M>) => {
    decorate(target, key, descriptor);
  };
}
