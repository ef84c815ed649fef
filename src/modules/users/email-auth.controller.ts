import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../auth/current-principal.decorator.js';
import type { Principal } from '../../auth/principal.js';
import { Authenticated, Public } from '../../auth/route-decision.js';
import { ChangePasswordRequest } from './dto/change-password.request.js';
import { EmailLoginRequest } from './dto/email-login.request.js';
import { ForgotPasswordRequest } from './dto/forgot-password.request.js';
import { RegisterRequest } from './dto/register.request.js';
import { ResetPasswordRequest } from './dto/reset-password.request.js';
import { EmailAuthService } from './email-auth.service.js';
import { PasswordResetService } from './password-reset.service.js';
import { AbuseLimit } from '../../common/throttling/abuse-limit.decorator.js';
import { clientAddressOf } from '../../common/throttling/client-address.js';

/** ContextForge's `/auth/email` login and self-service routes. */
@ApiTags('ContextForge: email auth')
@Controller('auth/email')
export class EmailAuthController {
  constructor(
    private readonly auth: EmailAuthService,
    private readonly passwordResets: PasswordResetService,
  ) {}

  @Post('login')
  @AbuseLimit('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange email and password for a session token (repeated failures back off: 429 with Retry-After)' })
  @Public()
  login(@Body() body: EmailLoginRequest, @Req() request: FastifyRequest) {
    return this.auth.login(body.email, body.password, clientAddressOf(request));
  }

  @Post('register')
  @AbuseLimit('register')
  @HttpCode(200)
  @ApiOperation({ summary: 'Create an account and sign in (PUBLIC_REGISTRATION_ENABLED; off by default: 403); taken email → 409' })
  @Public()
  register(@Body() body: RegisterRequest) {
    return this.auth.register(body);
  }

  @Post('forgot-password')
  @AbuseLimit('password_reset')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mail a single-use reset link; the same answer whether or not the email has an account' })
  @Public()
  forgotPassword(@Body() body: ForgotPasswordRequest) {
    return this.passwordResets.request(body.email);
  }

  @Get('reset-password/:token')
  @ApiOperation({ summary: 'Whether a reset token can still be used (400 unknown or used, 410 expired)' })
  @Public()
  validateResetToken(@Param('token') token: string) {
    return this.passwordResets.validate(token);
  }

  @Post('reset-password/:token')
  @AbuseLimit('password_reset')
  @HttpCode(200)
  @ApiOperation({ summary: 'Set a new password with a reset token (once); ends every session and clears a lockout' })
  @Public()
  resetPassword(@Param('token') token: string, @Body() body: ResetPasswordRequest) {
    return this.passwordResets.reset(token, body.new_password, body.confirm_password);
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
