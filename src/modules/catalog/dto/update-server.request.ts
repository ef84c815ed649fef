import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { VISIBILITIES, type Visibility } from '../entities/owned-row.js';
import { IdList } from './id-list.transform.js';
import { IsSafeName, IsSafeText, IsSafeUrl } from '../../../common/validation/input-safety.validators.js';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

/** `PUT /servers/{id}`: flat and partial; a given `associated_*` list replaces the bundled items. */
export class UpdateServerRequest {
  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  @IsSafeName('Server name')
  name?: string;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @MaxLength(8192)
  @IsSafeText()
  @Nullable()
  description?: string | null;

  @ApiPropertyOptional({ example: 'https://example.com/icon.png', type: String })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  @IsSafeUrl('Icon URL')
  @Nullable()
  icon?: string | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  @Nullable()
  tags?: string[] | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IdList()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @Nullable()
  associated_tools?: string[] | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IdList()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @Nullable()
  associated_resources?: string[] | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IdList()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @Nullable()
  associated_prompts?: string[] | null;

  @ApiPropertyOptional({ enum: VISIBILITIES })
  @IsOptional()
  @IsIn(VISIBILITIES)
  visibility?: Visibility;
}
