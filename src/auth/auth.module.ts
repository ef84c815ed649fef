import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ApiKeyStrategy } from './api-key.strategy.js';
import { AuthenticationGuard } from './authentication.guard.js';
import { JwtStrategy } from './jwt.strategy.js';
import { PrincipalLoader } from './principal-loader.service.js';
import { TokenService } from './token.service.js';

/** WHO the caller is: master key, virtual key or user token, resolved to a Principal; and session tokens issued. */
@Module({
  // Secret, issuer and audience are passed per signature by TokenService, from the typed config.
  imports: [PassportModule, JwtModule.register({})],
  providers: [PrincipalLoader, ApiKeyStrategy, JwtStrategy, AuthenticationGuard, TokenService],
  exports: [AuthenticationGuard, PrincipalLoader, TokenService],
})
export class AuthModule {}
