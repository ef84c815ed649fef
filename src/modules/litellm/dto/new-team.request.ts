import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
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
import { MEMBER_ROUTES } from '../../rbac/litellm-member-routes.js';
import { TeamMemberInput } from './team-member.input.js';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

const LIMIT_TYPES = ['guaranteed_throughput', 'best_effort_throughput'] as const;

/**
 * LiteLLM `POST /team/new` (its `NewTeamRequest` over `TeamBase`). Every field LiteLLM declares is accepted and
 * type-checked; the ones after "Accepted, not applied" are not stored (see each one for why).
 */
export class NewTeamRequest {
  @ApiPropertyOptional({ example: 'team-platform', type: String, description: 'Defaults to a new uuid' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @Matches(/^[A-Za-z0-9._:@-]+$/, { message: 'team_id may hold letters, digits and ._:@-' })
  @Nullable()
  team_id?: string | null;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @Nullable()
  team_alias?: string | null;

  @ApiPropertyOptional({ type: [TeamMemberInput] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => TeamMemberInput)
  @Nullable()
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
  @Nullable()
  team_member_permissions?: string[] | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @Nullable()
  models?: string[] | null;

  @ApiPropertyOptional({ type: Number })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Nullable()
  max_budget?: number | null;

  @ApiPropertyOptional({ example: '30d', type: String })
  @IsOptional()
  @IsString()
  @Matches(DURATION_PATTERN, { message: 'budget_duration must look like 30s, 1h, 7d or 1mo' })
  @Nullable()
  budget_duration?: string | null;

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

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @IsBoolean()
  @Nullable()
  blocked?: boolean | null;

  @ApiPropertyOptional({ type: String, description: "The organization the team belongs to: it bounds the team's budget and models" })
  @IsOptional()
  @IsString()
  @Nullable()
  organization_id?: string | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Model aliases for the team' })
  @IsOptional()
  @IsObject()
  @Nullable()
  model_aliases?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @Nullable()
  tags?: string[] | null;

  @ApiPropertyOptional({ type: [String], description: 'Guardrail names (stored for the gateway)' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @Nullable()
  guardrails?: string[] | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'mcp_servers, mcp_access_groups, mcp_tool_permissions, vector_stores, agents, ... (stored as given)',
  })
  @IsOptional()
  @IsObject()
  @Nullable()
  object_permission?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: Number, description: "Default budget of each member's keys in the team" })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Nullable()
  team_member_budget?: number | null;

  @ApiPropertyOptional({ type: 'integer' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Nullable()
  team_member_rpm_limit?: number | null;

  @ApiPropertyOptional({ type: 'integer' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Nullable()
  team_member_tpm_limit?: number | null;

  // Accepted, not applied.

  @ApiPropertyOptional({ type: [String], description: 'Legacy LiteLLM field; use members_with_roles (ignored)' })
  @IsOptional()
  @IsArray()
  @Nullable()
  admins?: unknown[] | null;

  @ApiPropertyOptional({ type: [String], description: 'Legacy LiteLLM field; use members_with_roles (ignored)' })
  @IsOptional()
  @IsArray()
  @Nullable()
  members?: unknown[] | null;

  @ApiPropertyOptional({ type: Number, description: 'Alerting threshold; Portcullis sends no alerts (ignored)' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Nullable()
  soft_budget?: number | null;

  @ApiPropertyOptional({ type: 'array', items: { type: 'object' }, description: 'Extra budget windows (ignored)' })
  @IsOptional()
  @IsArray()
  @Nullable()
  budget_limits?: unknown[] | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'integer' }, description: 'Per-model RPM (ignored)' })
  @IsOptional()
  @IsObject()
  @Nullable()
  model_rpm_limit?: Record<string, number> | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'integer' }, description: 'Per-model TPM (ignored)' })
  @IsOptional()
  @IsObject()
  @Nullable()
  model_tpm_limit?: Record<string, number> | null;

  @ApiPropertyOptional({ enum: LIMIT_TYPES, description: 'Ignored' })
  @IsOptional()
  @IsIn(LIMIT_TYPES)
  @Nullable()
  rpm_limit_type?: string | null;

  @ApiPropertyOptional({ enum: LIMIT_TYPES, description: 'Ignored' })
  @IsOptional()
  @IsIn(LIMIT_TYPES)
  @Nullable()
  tpm_limit_type?: string | null;

  @ApiPropertyOptional({ type: String, description: 'Ignored' })
  @IsOptional()
  @IsString()
  @Nullable()
  team_member_key_duration?: string | null;

  @ApiPropertyOptional({ type: String, description: 'Ignored' })
  @IsOptional()
  @IsString()
  @Nullable()
  team_member_budget_duration?: string | null;

  @ApiPropertyOptional({ type: [String], description: 'Ignored' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @Nullable()
  default_team_member_models?: string[] | null;

  @ApiPropertyOptional({ type: [String], description: 'Ignored' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @Nullable()
  access_group_ids?: string[] | null;

  @ApiPropertyOptional({ type: [String], description: 'Ignored' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @Nullable()
  policies?: string[] | null;

  @ApiPropertyOptional({ type: [String], description: 'Ignored' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @Nullable()
  prompts?: string[] | null;

  @ApiPropertyOptional({ type: [String], description: 'Ignored' })
  @IsOptional()
  @IsArray()
  @Nullable()
  allowed_passthrough_routes?: unknown[] | null;

  @ApiPropertyOptional({ type: 'array', items: { type: 'object' }, description: 'Ignored' })
  @IsOptional()
  @IsArray()
  @Nullable()
  allowed_vector_store_indexes?: unknown[] | null;

  @ApiPropertyOptional({ type: Boolean, description: 'Ignored' })
  @IsOptional()
  @IsBoolean()
  @Nullable()
  disable_global_guardrails?: boolean | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Router settings of the proxy (ignored)' })
  @IsOptional()
  @IsObject()
  @Nullable()
  router_settings?: Record<string, unknown> | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Secret-manager credentials: never stored here (ignored)',
  })
  @IsOptional()
  @IsObject()
  @Nullable()
  secret_manager_settings?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Ignored' })
  @IsOptional()
  @IsObject()
  @Nullable()
  enforced_batch_output_expires_after?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Ignored' })
  @IsOptional()
  @IsObject()
  @Nullable()
  enforced_file_expires_after?: Record<string, unknown> | null;
}
