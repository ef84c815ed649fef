import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** The "Add virtual server" form. Fields arrive as strings (multipart or urlencoded); the handler turns them into the API's request. */
export class AdminServerForm {
  @ApiProperty({ example: 'team-tools', type: String })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100_000)
  name!: string;

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

  @ApiPropertyOptional({ type: String, description: 'The team of the current view' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  team_id?: string;
}
