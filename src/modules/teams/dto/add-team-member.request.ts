import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional } from 'class-validator';
import { MEMBERSHIP_ROLES, type MembershipRole } from '../entities/team-member.entity.js';

/** ContextForge `POST /teams/{team_id}/members`: an existing user joins directly. */
export class AddTeamMemberRequest {
  @ApiProperty({ example: 'alice@example.com', type: String, format: 'email' })
  @IsEmail({}, { message: 'email must be an email address' })
  email: string;

  @ApiPropertyOptional({ enum: MEMBERSHIP_ROLES, default: 'member' })
  @IsOptional()
  @IsIn(MEMBERSHIP_ROLES)
  role?: MembershipRole;
}
