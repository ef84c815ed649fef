import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { VISIBILITIES, type Visibility } from '../entities/owned-row.js';
import { PromptArgumentInput } from './prompt-argument.input.js';
import { IsSafeName, IsSafeText } from '../../../common/validation/input-safety.validators.js';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

/** `PUT /prompts/{id}`: flat and partial. */
export class UpdatePromptRequest {
  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  @IsSafeName('Prompt name')
  name?: string;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @MaxLength(8192)
  @IsSafeText()
  @Nullable()
  description?: string | null;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @MaxLength(128 * 1024)
  template?: string;

  @ApiPropertyOptional({ type: () => [PromptArgumentInput] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => PromptArgumentInput)
  arguments?: PromptArgumentInput[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  @Nullable()
  tags?: string[] | null;

  @ApiPropertyOptional({ enum: VISIBILITIES })
  @IsOptional()
  @IsIn(VISIBILITIES)
  visibility?: Visibility;
}
