import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString } from 'class-validator';

/** A body naming one key: `/key/block`, `/key/unblock`. */
export class KeyReferenceRequest {
  @ApiProperty({ type: String, description: 'The key, raw (sk-...) or its hash' })
  @IsString()
  @IsNotEmpty()
  key: string;
}
