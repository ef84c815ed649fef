import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString } from 'class-validator';

/** LiteLLM `GET /team/info` and `/team/permissions_list`. */
export class TeamInfoQuery {
  @ApiProperty({ type: String })
  @IsString()
  @IsNotEmpty()
  team_id: string;
}
