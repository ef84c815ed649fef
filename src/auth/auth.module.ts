import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { ApiKeyStrategy } from './api-key.strategy.js';
import { AuthenticationGuard } from './authentication.guard.js';
import { JwtStrategy } from './jwt.strategy.js';
import { PrincipalLoader } from './principal-loader.service.js';

/** WHO the caller is: master key, virtual key or user token, resolved to a Principal. */
@Module({
  imports: [PassportModule],
  providers: [PrincipalLoader, ApiKeyStrategy, JwtStrategy, AuthenticationGuard],
  exports: [AuthenticationGuard, PrincipalLoader],
})
export class AuthModule {}
