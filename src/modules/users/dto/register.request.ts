import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

/** ContextForge `POST /auth/email/register` (`PublicRegistrationRequest`): no admin or activation fields. */
export class RegisterRequest {
  @ApiProperty({ type: String, format: 'email', example: 'new.user@example.com' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(255)
  email: string;

  @ApiProperty({ example: 'S3cure-passw0rd!', type: String, format: 'password', minLength: 8 })
  @IsString()
  @MinLength(8)
  @MaxLength(1024)
  password: string;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @Nullable()
  full_name?: string | null;
}
