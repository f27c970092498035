import { Inject, Injectable } from '@nestjs/common';
import { ACCESS_AUDIT, DevIssuer, parseDevTokenRequest, Permission, requireAccess, type AccessAudit, type DevTokenResponse, type Principal } from '@shuji/access';

/** Injection token of the development issuer (bound only where devIssuerEnabled allows it). */
export const DEV_ISSUER = Symbol('DEV_ISSUER');

/** Minting development tokens: an admin only, every issuance audited (who minted what for whom) before it is answered. */
@Injectable()
export class DevTokenService {
  constructor(@Inject(DEV_ISSUER) private readonly issuer: DevIssuer, @Inject(ACCESS_AUDIT) private readonly audit: AccessAudit) {}

  async issue(principal: Principal | undefined, body: unknown): Promise<DevTokenResponse> {
    requireAccess(principal, Permission.TokenIssue);
    const request = parseDevTokenRequest(body);
    const token = await this.issuer.issue(request);
    await this.audit.record({
      actor: principal.id,
      action: 'issue-token',
      ...(request.patient === undefined ? {} : { patientId: request.patient }),
      resource: 'POST /auth/dev-token',
      details: { outcome: 'allowed', sub: request.sub, role: request.role, scope: token.scope, expires_in: token.expires_in },
    });
    return token;
  }
}
