import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional } from 'class-validator';
import { MEMBERSHIP_ROLES, type MembershipRole } from '../entities/team-member.entity.js';

/** ContextForge `POST /teams/{team_id}/invitations` (`TeamInviteRequest`). */
export class InviteTeamMemberRequest {
  @ApiProperty({
    example: 'bob@example.com',
    type: String,
    format: 'email',
    description: 'Need not be registered yet; only a user with this email may accept',
  })
  @IsEmail({}, { message: 'email must be an email address' })
  email: string;

  @ApiPropertyOptional({ enum: MEMBERSHIP_ROLES, default: 'member' })
  @IsOptional()
  @IsIn(MEMBERSHIP_ROLES)
  role?: MembershipRole;
}
