import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** The "Add prompt" form. Fields arrive as strings (multipart or urlencoded); the handler turns them into the API's request. */
export class AdminPromptForm {
  @ApiProperty({ example: 'summarize', type: String })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100_000)
  name!: string;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  description?: string;

  @ApiPropertyOptional({ example: 'Summarize {{ text }}', type: String })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  template?: string;

  @ApiPropertyOptional({
    example: '[{"name": "text", "description": "What to summarize", "required": true}]',
    type: String,
    description: 'JSON list of {name, description, required}',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  arguments?: string;

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
