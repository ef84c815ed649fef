import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { MEMBERSHIP_ROLES, type MembershipRole } from '../entities/team-member.entity.js';

/** ContextForge `PUT /teams/{team_id}/members/{email}` (`TeamMemberUpdateRequest`). */
export class UpdateTeamMemberRequest {
  @ApiProperty({ enum: MEMBERSHIP_ROLES })
  @IsIn(MEMBERSHIP_ROLES)
  role: MembershipRole;
}
