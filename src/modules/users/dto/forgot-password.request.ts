import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, MaxLength } from 'class-validator';

/** ContextForge `POST /auth/email/forgot-password`. */
export class ForgotPasswordRequest {
  @ApiProperty({ type: String, format: 'email', example: 'user@example.com' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(255)
  email: string;
}
