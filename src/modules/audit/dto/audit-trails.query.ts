import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsArray, IsBoolean, IsDate, IsOptional, IsString, MaxLength } from 'class-validator';
import { AuthEventsQuery } from './auth-events.query.js';

/** `?action=a&action=b` and `?action=a` both mean a list. */
const asList = ({ value }: { value: unknown }) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);

/** ContextForge `GET /api/logs/audit-trails`: every filter optional, newest first. */
export class AuditTrailsQuery extends AuthEventsQuery {
  @ApiPropertyOptional({ type: [String], description: 'Event types (login, login_failed, role_granted, key_created, access_denied, ...)' })
  @IsOptional()
  @Transform(asList)
  @IsArray()
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  action?: string[];

  @ApiPropertyOptional({ type: [String], description: 'user, role_assignment, key, route' })
  @IsOptional()
  @Transform(asList)
  @IsArray()
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  resource_type?: string[];

  @ApiPropertyOptional({ type: String, description: 'Who acted: an email, a user id or a key id' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  user_id?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'Denials and lockouts' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  requires_review?: boolean;

  @ApiPropertyOptional({ example: '2026-01-01T00:00:00Z', type: String, format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  start_time?: Date;

  @ApiPropertyOptional({ example: '2026-12-31T23:59:59Z', type: String, format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  end_time?: Date;
}
