import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

/** ContextForge `TokenRevokeRequest`: an optional body of `DELETE /tokens/{id}`. */
export class RevokeTokenRequest {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @Nullable()
  reason?: string | null;
}
