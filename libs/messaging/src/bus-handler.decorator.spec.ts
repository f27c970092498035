import 'reflect-metadata';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Payload } from '@nestjs/microservices';
import { describe, expect, it } from 'vitest';
import { BusHandler } from './bus-handler.decorator';
import { InProcessBroker } from './in-process-broker';
import { InProcessServer } from './in-process.server';

const calls: string[] = [];

@Controller()
class TwoGroupConsumer {
  @BusHandler('t.a', { group: 'group-a' })
  onA(@Payload() v: Buffer): void {
    calls.push(`a:${v.toString()}`);
  }

  @BusHandler('t.b', { group: 'group-b' })
  onB(@Payload() v: Buffer): void {
    calls.push(`b:${v.toString()}`);
  }
}

@Module({ controllers: [TwoGroupConsumer] })
class TwoGroupModule {}

describe(BusHandler.name, () => {
  it('should bind a grouped handler only to its group server when one process runs two groups', async () => {
    const broker = new InProcessBroker(2);
    const sut = await NestFactory.create(TwoGroupModule, { logger: false });
    const a = new InProcessServer(broker, { groupId: 'group-a' });
    const b = new InProcessServer(broker, { groupId: 'group-b' });
    sut.connectMicroservice({ strategy: a });
    sut.connectMicroservice({ strategy: b });
    await sut.startAllMicroservices();
    broker.publish('t.a', [{ key: 'k', value: Buffer.from('1') }]);
    broker.publish('t.b', [{ key: 'k', value: Buffer.from('2') }]);
    await broker.whenIdle();
    // each message handled exactly once: group-b does not also subscribe to t.a, nor group-a to t.b
    expect(calls.sort()).toEqual(['a:1', 'b:2']);
    await sut.close();
  });
});
