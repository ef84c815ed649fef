import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** The "Create team" form. Fields arrive as strings (multipart or urlencoded); the handler turns them into the API's request. */
export class AdminTeamForm {
  @ApiProperty({ example: 'Platform team', type: String })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100_000)
  name!: string;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  description?: string;

  @ApiPropertyOptional({ enum: ['private', 'public'], type: String, description: 'private or public' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  visibility?: string;
}
