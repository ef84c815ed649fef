import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, MaxLength } from 'class-validator';
import { MEMBERSHIP_ROLES, type MembershipRole } from '../entities/team-member.entity.js';

/** ContextForge `TeamMemberSeed`: someone a new team starts with (an existing active user, else an invitation). */
export class TeamMemberSeedInput {
  @ApiProperty({ example: 'alice@example.com', type: String, format: 'email', description: 'Compared lower-cased' })
  @IsEmail()
  @MaxLength(255)
  email: string;

  @ApiPropertyOptional({ enum: MEMBERSHIP_ROLES, default: 'member' })
  @IsOptional()
  @IsIn(MEMBERSHIP_ROLES)
  role?: MembershipRole;
}
