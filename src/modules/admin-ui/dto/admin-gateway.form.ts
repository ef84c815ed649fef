import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** The "Add MCP server" form. Fields arrive as strings (multipart or urlencoded); the handler turns them into the API's request. */
export class AdminGatewayForm {
  @ApiProperty({ example: 'time-server', type: String, description: 'Display name' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100_000)
  name!: string;

  @ApiProperty({ example: 'http://127.0.0.1:8002/sse', type: String, description: 'MCP endpoint URL' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100_000)
  url!: string;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  description?: string;

  @ApiPropertyOptional({ example: 'time,utility', type: String, description: 'Comma-separated tags' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  tags?: string;

  @ApiPropertyOptional({ enum: ['SSE', 'STREAMABLEHTTP'], type: String, description: 'SSE or STREAMABLEHTTP' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  transport?: string;

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
