import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { VISIBILITIES, type Visibility } from '../entities/owned-row.js';
import { IsSafeName, IsSafeText, IsSafeUri } from '../../../common/validation/input-safety.validators.js';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

/** `PUT /resources/{id}`: flat and partial. */
export class UpdateResourceRequest {
  @ApiPropertyOptional({ example: 'file:///docs/readme.md', type: String })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2048)
  @IsSafeUri()
  uri?: string;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  @IsSafeName('Resource name')
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
  @MaxLength(255)
  @Nullable()
  mimeType?: string | null;

  @ApiPropertyOptional({ type: String, description: 'Alias of mimeType' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @Nullable()
  mime_type?: string | null;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @MaxLength(512 * 1024)
  @Nullable()
  content?: string | null;

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
