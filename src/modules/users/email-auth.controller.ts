import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../auth/current-principal.decorator.js';
import type { Principal } from '../../auth/principal.js';
import { Authenticated, Public } from '../../auth/route-decision.js';
import { ChangePasswordRequest } from './dto/change-password.request.js';
import { EmailLoginRequest } from './dto/email-login.request.js';
import { EmailAuthService } from './email-auth.service.js';

/** ContextForge's `/auth/email` login and self-service routes. */
@ApiTags('ContextForge: email auth')
@Controller('auth/email')
export class EmailAuthController {
  constructor(private readonly auth: EmailAuthService) {}

  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange email and password for a session token (5 failures lock the account for 15 minutes)' })
  @Public()
  login(@Body() body: EmailLoginRequest) {
    return this.auth.login(body.email, body.password);
  }

  @Get('me')
  @ApiOperation({ summary: "The caller's profile" })
  @Authenticated()
  me(@CurrentPrincipal() principal: Principal) {
    return this.auth.me(principal);
  }

  @Post('change-password')
  @HttpCode(200)
  @ApiOperation({ summary: "Change the caller's password (the current one is required)" })
  @Authenticated()
  changePassword(@CurrentPrincipal() principal: Principal, @Body() body: ChangePasswordRequest) {
    return this.auth.changePassword(principal, body.old_password, body.new_password);
  }
}
