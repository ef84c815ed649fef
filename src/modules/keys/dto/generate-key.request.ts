import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { DURATION_PATTERN } from '../../../common/time/duration.js';
import { IsModelBudgets, IsModelLimits } from './record-of.validator.js';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

export const KEY_TYPES = ['llm_api', 'management', 'read_only', 'default'] as const;

/**
 * LiteLLM `POST /key/generate` (and the fields `/key/update` and `/key/regenerate` share): the data-carrying fields of
 * its `GenerateKeyRequest`. Fields it declares that carry nothing here (`agent_id`, `budget_limits`, `router_settings`,
 * `auto_rotate`, `project_id`, ...) are not declared, so the global pipe strips them: accepted, ignored, never a 422.
 */
export class GenerateKeyRequest {
  @ApiPropertyOptional({ type: String, description: 'Unique human name of the key' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @Nullable()
  key_alias?: string | null;

  @ApiPropertyOptional({ type: String, example: '30d', description: 'Lifetime: 30s, 15m, 1h, 7d, 2w, 1mo, 1y; null = never expires' })
  @IsOptional()
  @IsString()
  @Matches(DURATION_PATTERN, { message: 'duration must look like 30s, 1h, 7d or 1mo' })
  @Nullable()
  duration?: string | null;

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

  @ApiPropertyOptional({ type: String, example: '30d' })
  @IsOptional()
  @IsString()
  @Matches(DURATION_PATTERN, { message: 'budget_duration must look like 30s, 1h, 7d or 1mo' })
  @Nullable()
  budget_duration?: string | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  @Nullable()
  metadata?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: String, description: 'Owner; non-admins may only name themselves' })
  @IsOptional()
  @IsString()
  @Nullable()
  user_id?: string | null;

  @ApiPropertyOptional({ type: String, description: 'Team the key belongs to; needs /key/generate in that team' })
  @IsOptional()
  @IsString()
  @Nullable()
  team_id?: string | null;

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

  @ApiPropertyOptional({ type: 'integer' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Nullable()
  max_parallel_requests?: number | null;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @IsBoolean()
  @Nullable()
  blocked?: boolean | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  @Nullable()
  permissions?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @Nullable()
  tags?: string[] | null;

  @ApiPropertyOptional({ enum: KEY_TYPES })
  @IsOptional()
  @IsIn(KEY_TYPES)
  @Nullable()
  key_type?: string | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, description: 'Model aliases: {"my-gpt": "gpt-4o"}' })
  @IsOptional()
  @IsObject()
  @Nullable()
  aliases?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  @Nullable()
  config?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: Number, description: 'Spend at which LiteLLM alerts (no hard stop)' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Nullable()
  soft_budget?: number | null;

  @ApiPropertyOptional({ type: Number, description: 'Spend so far: proxy admins only (403 otherwise)' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Nullable()
  spend?: number | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { 'gpt-4o': { budget_limit: 0.5, time_period: '1d' } },
    description: "Per-model budgets; for non-admins each within the team's and their own max_budget",
  })
  @IsOptional()
  @IsModelBudgets()
  @Nullable()
  model_max_budget?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'integer' }, example: { 'gpt-4o': 10 } })
  @IsOptional()
  @IsModelLimits()
  @Nullable()
  model_rpm_limit?: Record<string, number> | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'integer' }, example: { 'gpt-4o': 1000 } })
  @IsOptional()
  @IsModelLimits()
  @Nullable()
  model_tpm_limit?: Record<string, number> | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @Nullable()
  guardrails?: string[] | null;

  @ApiPropertyOptional({ type: [String], description: 'Routes the key may call, e.g. ["/chat/completions", "llm_api_routes"]' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @Nullable()
  allowed_routes?: string[] | null;

  @ApiPropertyOptional({ type: [String], example: ['no-cache', 'no-store'] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @Nullable()
  allowed_cache_controls?: string[] | null;

  @ApiPropertyOptional({ type: [String], example: ['user', 'metadata.generation_name'] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @Nullable()
  enforced_params?: string[] | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { mcp_servers: ['server-1'], vector_stores: [] } })
  @IsOptional()
  @IsObject()
  @Nullable()
  object_permission?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: String, description: 'Stored as given (organizations are not modelled for keys)' })
  @IsOptional()
  @IsString()
  @Nullable()
  organization_id?: string | null;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @Nullable()
  budget_id?: string | null;

  @ApiPropertyOptional({ type: Boolean, description: 'Accepted and ignored: Portcullis sends no email' })
  @IsOptional()
  @IsBoolean()
  @Nullable()
  send_invite_email?: boolean | null;
}
