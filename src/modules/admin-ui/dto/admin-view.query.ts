import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** The shell and table queries: the team view, a search, a page. Fields arrive as strings (multipart or urlencoded); the handler turns them into the API's request. */
export class AdminViewQuery {
  @ApiPropertyOptional({ description: 'Team view (absent: all teams)' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  team_id?: string;

  @ApiPropertyOptional({ description: 'Search by name' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  q?: string;

  @ApiPropertyOptional({ description: 'Next page' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  cursor?: string;

  @ApiPropertyOptional({ description: 'Message to show' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  error?: string;

  @ApiPropertyOptional({ description: 'Message to show' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  notice?: string;
}
