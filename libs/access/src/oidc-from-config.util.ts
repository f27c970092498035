import { Logger } from '@nestjs/common';
import type { ShujiConfig } from '@shuji/config';
import { DevIssuer, devIssuerEnabled } from './dev-issuer';
import { remoteOidcVerifier, type OidcTokenVerifier } from './oidc-token-verifier';

type OidcConfig = Pick<ShujiConfig, 'SHUJI_OIDC_ISSUER' | 'SHUJI_OIDC_AUDIENCE' | 'SHUJI_OIDC_JWKS_URL'>;
type DevIssuerConfig = OidcConfig & Pick<ShujiConfig, 'SHUJI_DEV_ISSUER' | 'NODE_ENV' | 'SHUJI_BUS' | 'SHUJI_DATA_DIR' | 'SHUJI_PUBLIC_URL' | 'HOST' | 'PORT'>;

/** The verifier of the configured external issuer (loadConfig has checked the three variables come together), or none. */
export function remoteOidcFromConfig(config: OidcConfig): OidcTokenVerifier | undefined {
  const { SHUJI_OIDC_ISSUER: issuer, SHUJI_OIDC_AUDIENCE: audience, SHUJI_OIDC_JWKS_URL: jwks } = config;
  return issuer === undefined || audience === undefined || jwks === undefined ? undefined : remoteOidcVerifier(issuer, audience, jwks);
}

/**
 * The development issuer where devIssuerEnabled allows it (throws where SHUJI_DEV_ISSUER=true may not run). Its
 * `iss` is the public URL, else the bound address as configured.
 */
export async function devIssuerFromConfig(config: DevIssuerConfig, logger = new Logger('access')): Promise<DevIssuer | undefined> {
  const on = devIssuerEnabled({ mode: config.SHUJI_DEV_ISSUER, production: config.NODE_ENV === 'production', bus: config.SHUJI_BUS, externalIssuer: config.SHUJI_OIDC_ISSUER !== undefined });
  if (!on) return undefined;
  const issuer = config.SHUJI_PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`;
  const dev = await DevIssuer.load(config.SHUJI_DATA_DIR, issuer, config.SHUJI_OIDC_AUDIENCE);
  logger.warn('development token issuer on (POST /auth/dev-token, admin token required; never in production)');
  return dev;
}
