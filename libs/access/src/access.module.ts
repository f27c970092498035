import { Global, Module, type DynamicModule } from '@nestjs/common';
import { RateLimiter, type RateLimitOptions } from './rate-limiter';
import { TokenRegistry } from './token-registry';

/**
 * Binds the token registry for BearerAuthGuard and, given `rateLimit`, the per-principal RateLimiter of
 * RateLimitGuard; imported once by each app's root module.
 */
@Global()
@Module({})
export class AccessModule {
  static forRoot(registry: TokenRegistry, rateLimit?: RateLimitOptions): DynamicModule {
    const providers = [{ provide: TokenRegistry, useValue: registry }, ...(rateLimit === undefined ? [] : [{ provide: RateLimiter, useValue: new RateLimiter(rateLimit) }])];
    return { module: AccessModule, providers, exports: providers.map((p) => p.provide) };
  }
}

/** The rate limit of the HTTP API from the configuration (SHUJI_RATE_LIMIT_PER_SEC, SHUJI_RATE_LIMIT_BURST). */
export function rateLimitFromConfig(config: { readonly SHUJI_RATE_LIMIT_PER_SEC: number; readonly SHUJI_RATE_LIMIT_BURST: number }): RateLimitOptions {
  return { perSecond: config.SHUJI_RATE_LIMIT_PER_SEC, burst: config.SHUJI_RATE_LIMIT_BURST };
}
