import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { DURATION_PATTERN } from '../../../common/time/duration.js';
import { GenerateKeyRequest } from './generate-key.request.js';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

/** LiteLLM `POST /key/regenerate` and `/key/{key}/regenerate`. */
export class RegenerateKeyRequest extends GenerateKeyRequest {
  @ApiPropertyOptional({ type: String, description: 'The key to regenerate (raw or hashed); the path names it otherwise' })
  @IsOptional()
  @IsString()
  @Nullable()
  key?: string | null;

  @ApiPropertyOptional({
    example: 'sk-my-chosen-key-0123456789abcdef',
    type: String,
    description: 'Use this value (must start with sk-) instead of a random one',
  })
  @IsOptional()
  @IsString()
  @Matches(/^sk-.{20,}$/, { message: 'new_key must start with sk- and be at least 23 characters' })
  @Nullable()
  new_key?: string | null;

  @ApiPropertyOptional({ type: String, example: '24h', description: 'How long the old key keeps working' })
  @IsOptional()
  @IsString()
  @Matches(DURATION_PATTERN, { message: 'grace_period must look like 30s, 1h, 7d or 1mo' })
  @Nullable()
  grace_period?: string | null;
}
