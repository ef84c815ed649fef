import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength } from 'class-validator';

/** ContextForge `POST /auth/email/login`. */
export class EmailLoginRequest {
  @ApiProperty({ type: String, format: 'email', example: 'user@example.com' })
  @IsEmail({}, { message: 'email must be an email address' })
  email: string;

  @ApiProperty({ type: String, format: 'password' })
  @IsString()
  @MaxLength(1024)
  password: string;
}
