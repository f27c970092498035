import { EventPattern } from '@nestjs/microservices';

type BusHandlerMethod = (value: Buffer, ...rest: never[]) => unknown;

/**
 * Marks a consumer method for a topic: `@BusHandler(Topics.x) handle(@Payload() value: Buffer, @Ctx() ctx: BusContext)`.
 * A thin EventPattern whose type admits the (Buffer, BusContext) signature both bus servers call with.
 */
export function BusHandler(topic: string): <M extends BusHandlerMethod>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<M>) => void {
  const decorate = EventPattern<string>(topic) as MethodDecorator;
  return <M extends BusHandlerMethod>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<M>) => {
    decorate(target, key, descriptor);
  };
}
