import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

/** ContextForge `POST /auth/email/register` (`PublicRegistrationRequest`): no admin or activation fields. */
export class RegisterRequest {
  @ApiProperty({ example: 'new.user@example.com' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(255)
  email: string;

  @ApiProperty({ format: 'password', minLength: 8 })
  @IsString()
  @MinLength(8)
  @MaxLength(1024)
  password: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(255)
  full_name?: string | null;
}
