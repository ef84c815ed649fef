import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsOptional, IsString } from 'class-validator';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

/** LiteLLM `POST /key/delete`: keys (raw or hashed) and/or aliases; one list is required. */
export class DeleteKeysRequest {
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @Nullable()
  keys?: string[] | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @Nullable()
  key_aliases?: string[] | null;
}
