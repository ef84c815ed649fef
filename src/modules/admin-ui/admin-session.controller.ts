import { Body, Controller, Get, HttpCode, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated, Public } from '../../auth/route-decision.js';
import { DomainError, ErrorCode } from '../../common/errors/domain-error.js';
import { EmailAuthService } from '../users/email-auth.service.js';
import { AdminExceptionFilter } from './admin-exception.filter.js';
import { sendPage } from './admin-responses.js';
import { AdminLoginForm } from './dto/admin-login.form.js';
import { AdminViewQuery } from './dto/admin-view.query.js';
import { AbuseLimit } from '../../common/throttling/abuse-limit.decorator.js';
import { clientAddressOf } from '../../common/throttling/client-address.js';

export const SESSION_COOKIE = 'jwt_token';

/** Signing in and out of the admin UI: the session is the `jwt_token` cookie (HttpOnly, SameSite=Lax). */
@ApiTags('Admin UI')
@UseFilters(AdminExceptionFilter)
@Controller('admin')
export class AdminSessionController {
  constructor(private readonly auth: EmailAuthService) {}

  @Get('login')
  @Public()
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'The sign-in page' })
  loginPage(@Query() query: AdminViewQuery, @Res() reply: FastifyReply) {
    return sendPage(reply, 'login', { error: query.error, email: '' });
  }

  @Post('login')
  @AbuseLimit('login')
  @Public()
  @HttpCode(303)
  @ApiOperation({ summary: 'Sign in: sets the session cookie and goes to /admin (wrong credentials: the page again, 401)' })
  async login(@Body() form: AdminLoginForm, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    let token: { access_token: string; expires_in: number };
    try {
      token = await this.auth.login(form.email, form.password, clientAddressOf(request));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // A back-off is a 429 with its Retry-After; every other refusal is the page again with 401.
      const seconds = error.code === ErrorCode.TOO_MANY_REQUESTS ? error.details.retryAfterSeconds : undefined;
      if (seconds !== undefined) reply.header('Retry-After', String(seconds));
      return sendPage(reply, 'login', { error: error.message, email: form.email }, seconds !== undefined ? 429 : 401);
    }
    reply.setCookie(SESSION_COOKIE, token.access_token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      // Behind TLS (directly or through a proxy that says so), the cookie never travels in clear.
      secure: request.protocol === 'https',
      maxAge: token.expires_in,
    });
    return reply.redirect('/admin', 303);
  }

  @Post('logout')
  @Authenticated()
  @HttpCode(303)
  @ApiOperation({ summary: 'Sign out: clears the session cookie' })
  logout(@Res() reply: FastifyReply) {
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/admin/login', 303);
  }
}
