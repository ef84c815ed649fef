import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { RegisterRequest } from './register.request.js';

/** ContextForge `POST /auth/email/admin/users`. */
export class AdminCreateUserRequest extends RegisterRequest {
  @ApiPropertyOptional({ type: Boolean, default: false, description: 'Platform admin (global platform_admin role)' })
  @IsOptional()
  @IsBoolean()
  is_admin?: boolean;

  @ApiPropertyOptional({ type: Boolean, default: true })
  @IsOptional()
  @IsBoolean()
  is_active?: boolean;

  @ApiPropertyOptional({ type: Boolean, default: false })
  @IsOptional()
  @IsBoolean()
  password_change_required?: boolean;
}
