import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
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
import { MEMBER_ROUTES } from '../../rbac/litellm-member-routes.js';
import { TeamMemberInput } from './team-member.input.js';

/** LiteLLM `POST /team/new`. */
export class NewTeamRequest {
  @ApiPropertyOptional({ description: 'Defaults to a new uuid' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @Matches(/^[A-Za-z0-9._:@-]+$/, { message: 'team_id may hold letters, digits and ._:@-' })
  team_id?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(255)
  team_alias?: string | null;

  @ApiPropertyOptional({ type: [TeamMemberInput] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => TeamMemberInput)
  members_with_roles?: TeamMemberInput[] | null;

  @ApiPropertyOptional({
    type: [String],
    enum: MEMBER_ROUTES,
    description: 'Key routes plain members may call on team keys; empty = ["/key/info", "/key/health"]',
  })
  // Known routes are checked by the service: LiteLLM answers an unknown one with 400, not a validation error.
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  team_member_permissions?: string[] | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  models?: string[] | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsNumber()
  @Min(0)
  max_budget?: number | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(DURATION_PATTERN, { message: 'budget_duration must look like 30s, 1h, 7d or 1mo' })
  budget_duration?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  tpm_limit?: number | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  rpm_limit?: number | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown> | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  blocked?: boolean | null;

  @ApiPropertyOptional({ description: "The organization the team belongs to: it bounds the team's budget and models" })
  @IsOptional()
  @IsString()
  organization_id?: string | null;
}
