import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** Row buttons (delete, enable, disable): what the admin pages and ContextForge's add to them. Fields arrive as strings (multipart or urlencoded); the handler turns them into the API's request. */
export class AdminRowActionForm {
  @ApiPropertyOptional({ enum: ['true', 'false'], type: String, description: 'true or false (enable/disable)' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  activate?: string;

  @ApiPropertyOptional({ enum: ['false', 'true'], type: String, description: 'ContextForge: whether inactive rows are shown' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  is_inactive_checked?: string;

  @ApiPropertyOptional({ enum: ['false', 'true'], type: String, description: 'ContextForge: ignored' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  purge_metrics?: string;

  @ApiPropertyOptional({ type: String, description: 'The team of the current view' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  team_id?: string;
}
