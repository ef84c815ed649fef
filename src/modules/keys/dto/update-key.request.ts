import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString } from 'class-validator';
import { GenerateKeyRequest } from './generate-key.request.js';

/** LiteLLM `POST /key/update`: the key (raw or hashed) and any generate field; `team_id` moves it. */
export class UpdateKeyRequest extends GenerateKeyRequest {
  @ApiProperty({ type: String, description: 'The key, raw (sk-...) or its hash' })
  @IsString()
  @IsNotEmpty()
  key: string;
}
