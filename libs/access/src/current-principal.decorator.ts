import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { PRINCIPAL_KEY, type AuthenticatedRequest } from './bearer-auth.guard';
import type { Principal } from './principal';

/** The principal BearerAuthGuard resolved (undefined without the guard: requireAccess then answers 401). */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal | undefined => context.switchToHttp().getRequest<AuthenticatedRequest>()[PRINCIPAL_KEY]);
