import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsString } from 'class-validator';

/** LiteLLM `POST /v2/key/info`: several keys at once (raw or hashed). */
export class KeyInfoV2Request {
  @ApiProperty({ type: [String], description: 'Keys, raw (sk-...) or their hashes' })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  keys: string[];
}
