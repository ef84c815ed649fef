import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

/** ContextForge `POST /auth/email/reset-password/{token}`. */
export class ResetPasswordRequest {
  @ApiProperty({ example: 'N3w-passw0rd!', type: String, format: 'password', minLength: 8 })
  @IsString()
  @MinLength(8)
  @MaxLength(1024)
  new_password: string;

  @ApiPropertyOptional({ type: String, format: 'password', description: 'When sent, must equal new_password (400 otherwise)' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  confirm_password?: string;
}
