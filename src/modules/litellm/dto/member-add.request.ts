import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsNotEmpty, IsNumber, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import { TeamMemberInput } from './team-member.input.js';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

/** LiteLLM `POST /team/member_add`: one member or a list. */
export class MemberAddRequest {
  @ApiProperty({ type: String })
  @IsString()
  @IsNotEmpty()
  team_id: string;

  @ApiProperty({ type: [TeamMemberInput], description: 'One member object or a list of them' })
  @Transform(({ value }) => (Array.isArray(value) || value === undefined || value === null ? value : [value]))
  @IsArray()
  @ArrayNotEmpty()
  @ValidateNested({ each: true })
  @Type(() => TeamMemberInput)
  member: TeamMemberInput[];

  @ApiPropertyOptional({ type: Number, description: "Each added member's budget in the team, unless the member gives its own" })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Nullable()
  max_budget_in_team?: number | null;
}
