import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsIn, IsNotEmpty, IsObject, IsOptional, IsString, IsUrl, MaxLength } from 'class-validator';
import { INTEGRATION_TYPES, type IntegrationType } from '../entities/tool.entity.js';
import { JsonObject } from './json-object.transform.js';
import { IsSafeText, IsSafeToolName, IsSafeUrl } from '../../../common/validation/input-safety.validators.js';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

export const REQUEST_TYPES = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** The `tool` object of `POST /tools` (ContextForge `ToolCreate`; both spellings of the schema fields). */
export class ToolFieldsInput {
  @ApiProperty({ type: String, example: 'weather-lookup' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  @IsSafeToolName()
  name: string;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @MaxLength(8192)
  @IsSafeText()
  @Nullable()
  description?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uri', example: 'https://example.com/api/tool' })
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  @IsSafeUrl()
  url?: string | null;

  @ApiPropertyOptional({ enum: INTEGRATION_TYPES, default: 'REST', description: 'MCP tools come from gateways' })
  @IsOptional()
  @IsIn(INTEGRATION_TYPES)
  integration_type?: IntegrationType;

  @ApiPropertyOptional({ enum: REQUEST_TYPES, default: 'POST' })
  @IsOptional()
  @IsIn(REQUEST_TYPES)
  request_type?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional()
  @IsObject()
  @Nullable()
  headers?: Record<string, string> | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'JSON schema of the arguments: an object or JSON text',
    example: {},
  })
  @IsOptional()
  @JsonObject()
  @IsObject()
  @Nullable()
  input_schema?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Alias of input_schema' })
  @IsOptional()
  @JsonObject()
  @IsObject()
  @Nullable()
  inputSchema?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @JsonObject()
  @IsObject()
  @Nullable()
  output_schema?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Alias of output_schema' })
  @IsOptional()
  @JsonObject()
  @IsObject()
  @Nullable()
  outputSchema?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  @Nullable()
  annotations?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  @Nullable()
  tags?: string[] | null;
}
