import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

/** ContextForge `POST /auth/email/admin/users`. */
export class AdminCreateUserRequest {
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

  @ApiPropertyOptional({ default: false, description: 'Platform admin (global platform_admin role)' })
  @IsOptional()
  @IsBoolean()
  is_admin?: boolean;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  is_active?: boolean;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  password_change_required?: boolean;
}
