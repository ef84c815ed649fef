import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { AuthEventsQuery } from './auth-events.query.js';

/** ContextForge `GET /auth/email/admin/events?limit=&offset=&user_email=`. */
export class AdminAuthEventsQuery extends AuthEventsQuery {
  @ApiPropertyOptional({ type: String, description: 'Only events about this account' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  user_email?: string;
}
