import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

/** LiteLLM `GET /key/info`: without `key`, the key the caller authenticated with. */
export class KeyInfoQuery {
  @ApiPropertyOptional({ type: String, description: 'The key, raw (sk-...) or its hash' })
  @IsOptional()
  @IsString()
  key?: string;
}
