import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** The "Create team" form. Fields arrive as strings (multipart or urlencoded); the handler turns them into the API's request. */
export class AdminTeamForm {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100_000)
  name!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  description?: string;

  @ApiPropertyOptional({ description: 'private or public' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  visibility?: string;
}
