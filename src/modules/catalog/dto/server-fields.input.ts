import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IdList } from './id-list.transform.js';
import { IsSafeName, IsSafeText, IsSafeUrl } from '../../../common/validation/input-safety.validators.js';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

/** The `server` object of `POST /servers` (ContextForge `ServerCreate`): bundled items by id. */
export class ServerFieldsInput {
  @ApiProperty({ type: String, example: 'team-tools' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  @IsSafeName('Server name')
  name: string;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @MaxLength(8192)
  @IsSafeText()
  @Nullable()
  description?: string | null;

  @ApiPropertyOptional({ example: 'https://example.com/icon.png', type: String, description: 'Icon URL' })
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

  @ApiPropertyOptional({ type: [String], description: 'Tool ids (or a comma-separated string of them)' })
  @IsOptional()
  @IdList()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @Nullable()
  associated_tools?: string[] | null;

  @ApiPropertyOptional({ type: [String], description: 'Resource ids' })
  @IsOptional()
  @IdList()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @Nullable()
  associated_resources?: string[] | null;

  @ApiPropertyOptional({ type: [String], description: 'Prompt ids' })
  @IsOptional()
  @IdList()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @Nullable()
  associated_prompts?: string[] | null;
}
