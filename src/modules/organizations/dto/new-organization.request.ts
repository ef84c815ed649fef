import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsInt, IsNotEmpty, IsNumber, IsObject, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { DURATION_PATTERN } from '../../../common/time/duration.js';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

/** LiteLLM `POST /organization/new` (its `NewOrganizationRequest`; fields it declares that carry no data here are ignored). */
export class NewOrganizationRequest {
  @ApiPropertyOptional({ example: 'org-acme', type: String, description: 'Defaults to a new uuid' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @Matches(/^[A-Za-z0-9._:@-]+$/, { message: 'organization_id may hold letters, digits and ._:@-' })
  @Nullable()
  organization_id?: string | null;

  @ApiProperty({ type: String })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  organization_alias: string;

  @ApiPropertyOptional({ type: [String], description: 'The models its teams may use; empty = no bound' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @Nullable()
  models?: string[] | null;

  @ApiPropertyOptional({ type: Number, description: 'The most any of its teams may be given' })
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
}
