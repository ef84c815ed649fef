import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { VISIBILITIES, type Visibility } from '../entities/owned-row.js';
import { IdList } from './id-list.transform.js';
import { IsSafeName, IsSafeText, IsSafeUrl } from '../../../common/validation/input-safety.validators.js';

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
  description?: string | null;

  @ApiPropertyOptional({ example: 'https://example.com/icon.png', type: String })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  @IsSafeUrl('Icon URL')
  icon?: string | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  tags?: string[] | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IdList()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  associated_tools?: string[] | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IdList()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  associated_resources?: string[] | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IdList()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  associated_prompts?: string[] | null;

  @ApiPropertyOptional({ enum: VISIBILITIES })
  @IsOptional()
  @IsIn(VISIBILITIES)
  visibility?: Visibility;
}
