import { ApiPropertyOptional } from '@nestjs/swagger';
import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { DURATION_PATTERN } from '../../../common/time/duration.js';
import { GenerateRequestBase } from './generate-request.base.js';
import { NewUserTeamInput } from './new-user-team.input.js';
import { LITELLM_USER_ROLES, type LitellmUserRole } from '../../users/entities/user.entity.js';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

/** LiteLLM `POST /user/new`. */
export class NewUserRequest extends GenerateRequestBase {
  @ApiPropertyOptional({ type: String, description: 'Defaults to the email, or a new uuid' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @Nullable()
  user_id?: string | null;

  @ApiPropertyOptional({ example: 'alice@example.com', type: String, format: 'email' })
  @IsOptional()
  @IsEmail({}, { message: 'user_email must be an email address' })
  @Nullable()
  user_email?: string | null;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @Nullable()
  user_alias?: string | null;

  @ApiPropertyOptional({ enum: LITELLM_USER_ROLES, default: 'internal_user' })
  @IsOptional()
  @IsIn(LITELLM_USER_ROLES)
  @Nullable()
  user_role?: LitellmUserRole | null;

  @ApiPropertyOptional({ type: String, description: 'Joins this team as a member (role "user")' })
  @IsOptional()
  @IsString()
  @Nullable()
  team_id?: string | null;

  @ApiPropertyOptional({
    type: [NewUserTeamInput],
    description: 'Teams to join: ids (role "user") or {team_id, user_role, max_budget_in_team}',
  })
  // From the raw body (`obj`): by the time `value` is seen, @Type has already turned strings into empty objects.
  @Transform(({ obj }: { obj: { teams?: unknown } }) =>
    Array.isArray(obj.teams)
      ? obj.teams.map((t: unknown) =>
          typeof t === 'string'
            ? plainToInstance(NewUserTeamInput, { team_id: t })
            : t && typeof t === 'object'
              ? plainToInstance(NewUserTeamInput, t)
              : t,
        )
      : obj.teams,
  )
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => NewUserTeamInput)
  @Nullable()
  teams?: NewUserTeamInput[] | null;

  @ApiPropertyOptional({ type: Number })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Nullable()
  max_budget?: number | null;

  @ApiPropertyOptional({ type: String, example: '30d' })
  @IsOptional()
  @IsString()
  @Matches(DURATION_PATTERN, { message: 'budget_duration must look like 30s, 1h, 7d or 1mo' })
  @Nullable()
  budget_duration?: string | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @Nullable()
  models?: string[] | null;

  @ApiPropertyOptional({ type: 'integer' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Nullable()
  tpm_limit?: number | null;

  @ApiPropertyOptional({ type: 'integer' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Nullable()
  rpm_limit?: number | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  @Nullable()
  metadata?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: Boolean, default: true, description: 'Also create a personal key and return it as `key`' })
  @IsOptional()
  @IsBoolean()
  @Nullable()
  auto_create_key?: boolean | null;

  @ApiPropertyOptional({ type: String, description: 'Alias of the auto-created key' })
  @IsOptional()
  @IsString()
  @Nullable()
  key_alias?: string | null;

  @ApiPropertyOptional({ type: String, description: 'Lifetime of the auto-created key', example: '30d' })
  @IsOptional()
  @IsString()
  @Matches(DURATION_PATTERN, { message: 'duration must look like 30s, 1h, 7d or 1mo' })
  @Nullable()
  duration?: string | null;

  @ApiPropertyOptional({ type: Boolean, description: 'Accepted for compatibility; Portcullis sends no emails' })
  @IsOptional()
  @IsBoolean()
  @Nullable()
  send_invite_email?: boolean | null;

  @ApiPropertyOptional({ type: String, description: 'Accepted; Portcullis has no SSO' })
  @IsOptional()
  @IsString()
  @Nullable()
  sso_user_id?: string | null;

  @ApiPropertyOptional({ type: [String], description: 'Accepted; organizations are not wired yet' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @Nullable()
  organizations?: string[] | null;
}
