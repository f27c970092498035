import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { ShujiConfig } from '@shuji/config';
import { remoteOidcFromConfig } from './oidc-from-config.util';
import { OidcTokenVerifier } from './oidc-token-verifier';
import { RateLimiter, type RateLimitOptions } from './rate-limiter';
import { TokenRegistry } from './token-registry';
import { tokenRegistryFromConfig } from './token-registry-from-config.util';

/**
 * Binds the token registry for BearerAuthGuard and, given `rateLimit`, the per-principal RateLimiter of
 * RateLimitGuard and, given `oidc`, the verifier of OpenID Connect access tokens; imported once by each app's root module.
 */
@Global()
@Module({})
export class AccessModule {
  static forRoot(registry: TokenRegistry, rateLimit?: RateLimitOptions, oidc?: OidcTokenVerifier): DynamicModule {
    const providers = [
      { provide: TokenRegistry, useValue: registry },
      ...(rateLimit === undefined ? [] : [{ provide: RateLimiter, useValue: new RateLimiter(rateLimit) }]),
      ...(oidc === undefined ? [] : [{ provide: OidcTokenVerifier, useValue: oidc }]),
    ];
    return { module: AccessModule, providers, exports: providers.map((p) => p.provide) };
  }

  /** A scale-out process: the token file, the rate limit and the configured OpenID Connect issuer. */
  static fromConfig(config: Parameters<typeof tokenRegistryFromConfig>[0] & Parameters<typeof rateLimitFromConfig>[0] & Parameters<typeof remoteOidcFromConfig>[0]): DynamicModule {
    return AccessModule.forRoot(tokenRegistryFromConfig(config), rateLimitFromConfig(config), remoteOidcFromConfig(config));
  }
}

/** The rate limit of the HTTP API from the configuration (SHUJI_RATE_LIMIT_PER_SEC, SHUJI_RATE_LIMIT_BURST). */
export function rateLimitFromConfig(config: Pick<ShujiConfig, 'SHUJI_RATE_LIMIT_PER_SEC' | 'SHUJI_RATE_LIMIT_BURST'>): RateLimitOptions {
  return { perSecond: config.SHUJI_RATE_LIMIT_PER_SEC, burst: config.SHUJI_RATE_LIMIT_BURST };
}
