import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { GATEWAY_AUTH_TYPES } from '../entities/gateway.entity.js';
import { AuthHeaderInput } from './auth-header.input.js';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

/** `none` or an empty string clear the credentials. */
export const AUTH_TYPE_INPUTS = [...GATEWAY_AUTH_TYPES, 'none', ''] as const;
export type AuthTypeInput = (typeof AUTH_TYPE_INPUTS)[number];

/**
 * ContextForge's credential fields for the upstream server. They are write-only: stored encrypted and never
 * shown again (reads say `auth_value: "*****"`).
 */
export abstract class GatewayAuthFields {
  @ApiPropertyOptional({ enum: AUTH_TYPE_INPUTS, description: 'basic, bearer or authheaders; none/"" for no authentication' })
  @IsOptional()
  @IsIn(AUTH_TYPE_INPUTS)
  @Nullable()
  auth_type?: AuthTypeInput | null;

  @ApiPropertyOptional({ type: String, description: 'basic' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @Nullable()
  auth_username?: string | null;

  @ApiPropertyOptional({ type: String, description: 'basic', writeOnly: true })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  @Nullable()
  auth_password?: string | null;

  @ApiPropertyOptional({ type: String, description: 'bearer', writeOnly: true })
  @IsOptional()
  @IsString()
  @MaxLength(8192)
  @Nullable()
  auth_token?: string | null;

  @ApiPropertyOptional({ example: 'X-API-Key', type: String, description: 'authheaders: a single header name' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @Matches(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, { message: 'auth_header_key must be an HTTP header name' })
  @Nullable()
  auth_header_key?: string | null;

  @ApiPropertyOptional({ type: String, description: 'authheaders: its value', writeOnly: true })
  @IsOptional()
  @IsString()
  @MaxLength(8192)
  @Nullable()
  auth_header_value?: string | null;

  @ApiPropertyOptional({ type: () => [AuthHeaderInput], description: 'authheaders: several headers', writeOnly: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AuthHeaderInput)
  @Nullable()
  auth_headers?: AuthHeaderInput[] | null;
}
