import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

/** ContextForge `PUT|PATCH /auth/email/admin/users/{email}`: only the fields sent change. */
export class AdminUpdateUserRequest {
  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @Nullable()
  full_name?: string | null;

  @ApiPropertyOptional({ type: Boolean, description: 'Swaps the global platform_viewer and platform_admin roles' })
  @IsOptional()
  @IsBoolean()
  is_admin?: boolean;

  @ApiPropertyOptional({ type: Boolean, description: 'Inactive users cannot log in, and their tokens and keys stop working' })
  @IsOptional()
  @IsBoolean()
  is_active?: boolean;

  @ApiPropertyOptional({
    example: 'S3cure-passw0rd!',
    type: String,
    format: 'password',
    minLength: 8,
    description: 'Also clears a login lockout',
  })
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(1024)
  password?: string;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @IsBoolean()
  password_change_required?: boolean;
}
