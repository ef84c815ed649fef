import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

/** ContextForge `POST /auth/email/change-password`. */
export class ChangePasswordRequest {
  @ApiProperty({ type: String, format: 'password' })
  @IsString()
  @MaxLength(1024)
  old_password: string;

  @ApiProperty({ example: 'N3w-passw0rd!', type: String, format: 'password', minLength: 8 })
  @IsString()
  @MinLength(8)
  @MaxLength(1024)
  new_password: string;
}
