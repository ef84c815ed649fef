import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** The "Add REST tool" form. Fields arrive as strings (multipart or urlencoded); the handler turns them into the API's request. */
export class AdminToolForm {
  @ApiProperty({ example: 'weather-lookup', type: String })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100_000)
  name!: string;

  @ApiPropertyOptional({ example: 'https://example.com/api/tool', type: String, description: 'Endpoint the tool calls' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  url?: string;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  description?: string;

  @ApiPropertyOptional({ enum: ['REST'], type: String, description: 'REST (MCP tools come from gateways)' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  integrationType?: string;

  @ApiPropertyOptional({ enum: ['POST', 'GET', 'PUT', 'PATCH', 'DELETE'], type: String, description: 'HTTP method' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  requestType?: string;

  @ApiPropertyOptional({
    example: '{"type": "object", "properties": {"city": {"type": "string"}}}',
    type: String,
    description: 'JSON schema of the arguments',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  input_schema?: string;

  @ApiPropertyOptional({ enum: ['public', 'team', 'private'], type: String, description: 'public, team or private' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  visibility?: string;

  @ApiPropertyOptional({ type: String, description: 'The team of the current view' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  team_id?: string;
}
