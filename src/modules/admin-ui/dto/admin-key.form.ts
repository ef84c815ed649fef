import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** The "Generate key" form. Fields arrive as strings (multipart or urlencoded); the handler turns them into the API's request. */
export class AdminKeyForm {
  @ApiPropertyOptional({ example: 'my-laptop', type: String })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  key_alias?: string;

  @ApiPropertyOptional({ example: 'gpt-4o,gpt-4o-mini', type: String, description: 'Comma-separated; empty for every model' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  models?: string;

  @ApiPropertyOptional({ example: '10', type: String, description: 'USD' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  max_budget?: string;

  @ApiPropertyOptional({ example: '30d', type: String, description: 'e.g. 30d' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  duration?: string;

  @ApiPropertyOptional({ type: String, description: 'The team of the current view (a team key)' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  team_id?: string;
}
