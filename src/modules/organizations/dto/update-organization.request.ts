import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsInt, IsNotEmpty, IsNumber, IsObject, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { DURATION_PATTERN } from '../../../common/time/duration.js';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

/** LiteLLM `PATCH /organization/update` (its `LiteLLM_OrganizationTableUpdate`). */
export class UpdateOrganizationRequest {
  @ApiProperty({ type: String })
  @IsString()
  @IsNotEmpty()
  organization_id: string;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  @Nullable()
  organization_alias?: string | null;

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
}
