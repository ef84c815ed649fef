import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** The shell and table queries: the team view, a search, a page. Fields arrive as strings (multipart or urlencoded); the handler turns them into the API's request. */
export class AdminViewQuery {
  @ApiPropertyOptional({ type: String, description: 'Team view (absent: all teams)' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  team_id?: string;

  @ApiPropertyOptional({ type: String, description: 'Search by name' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  q?: string;

  @ApiPropertyOptional({ type: String, description: 'Next page' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  cursor?: string;

  @ApiPropertyOptional({ type: String, description: 'Message to show' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  error?: string;

  @ApiPropertyOptional({ type: String, description: 'Message to show' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  notice?: string;
}
