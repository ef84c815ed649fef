import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { VISIBILITIES, type Visibility } from '../entities/owned-row.js';
import { PromptFieldsInput } from './prompt-fields.input.js';

/** `POST /prompts {prompt: {...}, team_id, visibility}`. */
export class CreatePromptRequest {
  @ApiProperty({ type: () => PromptFieldsInput })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => PromptFieldsInput)
  prompt: PromptFieldsInput;

  @ApiPropertyOptional({ nullable: true, description: 'Team to create in (needs prompts.create there)' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  team_id?: string | null;

  @ApiPropertyOptional({ enum: VISIBILITIES, default: 'public' })
  @IsOptional()
  @IsIn(VISIBILITIES)
  visibility?: Visibility;
}
