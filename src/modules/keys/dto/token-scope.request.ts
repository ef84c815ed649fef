import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

/**
 * ContextForge `TokenScopeRequest`: what an API token is limited to. It only ever narrows its creator: every
 * permission must be one they hold where the token acts, the server one they can see.
 */
export class TokenScopeRequest {
  @ApiPropertyOptional({ type: String, nullable: true, description: 'The one virtual server the token may call' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @Nullable()
  server_id?: string | null;

  @ApiPropertyOptional({ type: [String], description: "Permission subset; empty = the creator's rights, not narrowed" })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @Nullable()
  permissions?: string[] | null;

  @ApiPropertyOptional({ type: [String], example: ['10.0.0.0/8', '203.0.113.7'], description: 'Addresses or CIDRs' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Nullable()
  ip_restrictions?: string[] | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { business_hours_only: true, weekdays_only: true },
    description: 'UTC business hours (9-17) and/or weekdays only',
  })
  @IsOptional()
  @IsObject()
  @Nullable()
  time_restrictions?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Stored and returned; not enforced' })
  @IsOptional()
  @IsObject()
  @Nullable()
  usage_limits?: Record<string, unknown> | null;
}
