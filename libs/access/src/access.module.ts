import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TokenRegistry } from './token-registry';

/** Binds the token registry for BearerAuthGuard; imported once by each app's root module. */
@Global()
@Module({})
export class AccessModule {
  static forRoot(registry: TokenRegistry): DynamicModule {
    return { module: AccessModule, providers: [{ provide: TokenRegistry, useValue: registry }], exports: [TokenRegistry] };
  }
}
