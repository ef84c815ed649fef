import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** The "Edit" form of a catalog or gateway row: what every kind shares. Empty fields are left as they are. */
export class AdminEditForm {
  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  name?: string;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  description?: string;

  @ApiPropertyOptional({ enum: ['public', 'team', 'private'], type: String, description: 'public, team or private' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  visibility?: string;

  @ApiPropertyOptional({ type: String, description: 'The team of the view to come back to' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  team_id?: string;
}
