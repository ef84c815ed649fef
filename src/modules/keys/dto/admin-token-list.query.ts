import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { TokenListQuery } from './token-list.query.js';

/** ContextForge `GET /tokens/admin/all`: every user's tokens, or one user's (`user_email`); default limit 100. */
export class AdminTokenListQuery extends TokenListQuery {
  @ApiPropertyOptional({ type: String, description: "Only this user's tokens" })
  @IsOptional()
  @IsString()
  @MaxLength(320)
  user_email?: string;
}
