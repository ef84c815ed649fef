import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsSafeName, IsSafeText, IsSafeUri } from '../../../common/validation/input-safety.validators.js';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

/** The `resource` object of `POST /resources` (ContextForge `ResourceCreate`; `mimeType` or `mime_type`). */
export class ResourceFieldsInput {
  @ApiProperty({ type: String, example: 'file:///docs/readme.md' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2048)
  @IsSafeUri()
  uri: string;

  @ApiProperty({ type: String, example: 'readme' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  @IsSafeName('Resource name')
  name: string;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @MaxLength(8192)
  @IsSafeText()
  @Nullable()
  description?: string | null;

  @ApiPropertyOptional({ type: String, example: 'text/plain' })
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

  @ApiPropertyOptional({ type: String, description: 'Text content served for this resource' })
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
}
