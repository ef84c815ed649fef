import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString } from 'class-validator';
import { ORGANIZATION_ROLES, type OrganizationRole } from '../entities/organization-member.entity.js';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

/** LiteLLM's `OrgMember`: `user_id` or `user_email`, with an organization role. */
export class OrganizationMemberInput {
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

  @ApiProperty({ enum: ORGANIZATION_ROLES })
  @IsIn(ORGANIZATION_ROLES)
  role: OrganizationRole;
}
