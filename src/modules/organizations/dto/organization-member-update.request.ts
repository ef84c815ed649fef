import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString } from 'class-validator';
import { ORGANIZATION_ROLES, type OrganizationRole } from '../entities/organization-member.entity.js';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

/** LiteLLM `PATCH /organization/member_update`. */
export class OrganizationMemberUpdateRequest {
  @ApiProperty({ type: String })
  @IsString()
  @IsNotEmpty()
  organization_id: string;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @Nullable()
  user_id?: string | null;

  @ApiPropertyOptional({ example: 'alice@example.com', type: String, format: 'email' })
  @IsOptional()
  @IsEmail()
  @Nullable()
  user_email?: string | null;

  @ApiPropertyOptional({ enum: ORGANIZATION_ROLES })
  @IsOptional()
  @IsIn(ORGANIZATION_ROLES)
  @Nullable()
  role?: OrganizationRole | null;
}
