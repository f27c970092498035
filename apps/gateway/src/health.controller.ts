import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { READINESS, type Readiness } from './gateway.tokens';

@Controller('health')
export class HealthController {
  constructor(@Inject(READINESS) private readonly readiness: Readiness) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** 200 once the process can take data (bus connected, database migrated, consumers joined). */
  @Get('ready')
  ready(): { status: 'ready' } {
    if (!this.readiness.isReady()) throw new ServiceUnavailableException('starting');
    return { status: 'ready' };
  }
}
