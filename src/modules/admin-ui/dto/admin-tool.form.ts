import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** The "Add REST tool" form. Fields arrive as strings (multipart or urlencoded); the handler turns them into the API's request. */
export class AdminToolForm {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100_000)
  name!: string;

  @ApiPropertyOptional({ description: 'Endpoint the tool calls' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  url?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  description?: string;

  @ApiPropertyOptional({ description: 'REST (MCP tools come from gateways)' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  integrationType?: string;

  @ApiPropertyOptional({ description: 'HTTP method' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  requestType?: string;

  @ApiPropertyOptional({ description: 'JSON schema of the arguments' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  input_schema?: string;

  @ApiPropertyOptional({ description: 'public, team or private' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  visibility?: string;

  @ApiPropertyOptional({ description: 'The team of the current view' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  team_id?: string;
}
