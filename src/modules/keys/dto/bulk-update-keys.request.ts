import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, ValidateNested } from 'class-validator';
import { UpdateKeyRequest } from './update-key.request.js';

/** LiteLLM `POST /key/bulk_update`: `{"keys": [{"key": ..., <update fields>}, ...]}` (at most 500, as LiteLLM). */
export class BulkUpdateKeysRequest {
  @ApiProperty({ type: () => [UpdateKeyRequest] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => UpdateKeyRequest)
  keys: UpdateKeyRequest[];
}
