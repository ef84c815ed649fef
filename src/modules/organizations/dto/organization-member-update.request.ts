import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString } from 'class-validator';
import { ORGANIZATION_ROLES, type OrganizationRole } from '../entities/organization-member.entity.js';

/** LiteLLM `PATCH /organization/member_update`. */
export class OrganizationMemberUpdateRequest {
  @ApiProperty({ type: String })
  @IsString()
  @IsNotEmpty()
  organization_id: string;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  user_id?: string | null;

  @ApiPropertyOptional({ example: 'alice@example.com', type: String, format: 'email' })
  @IsOptional()
  @IsEmail()
  user_email?: string | null;

  @ApiPropertyOptional({ enum: ORGANIZATION_ROLES })
  @IsOptional()
  @IsIn(ORGANIZATION_ROLES)
  role?: OrganizationRole | null;
}
