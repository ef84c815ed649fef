import { ApiProperty, OmitType } from '@nestjs/swagger';
import { IsNotEmpty, IsString } from 'class-validator';
import { NewTeamRequest } from './new-team.request.js';

/** LiteLLM `POST /team/update`: any `/team/new` field but members (LiteLLM changes those through the member routes). */
export class UpdateTeamRequest extends OmitType(NewTeamRequest, ['team_id', 'members_with_roles', 'admins', 'members'] as const) {
  @ApiProperty({ type: String })
  @IsString()
  @IsNotEmpty()
  team_id: string;
}
