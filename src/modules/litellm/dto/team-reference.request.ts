import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString } from 'class-validator';

/** A body naming one team: `/team/block`, `/team/unblock`. */
export class TeamReferenceRequest {
  @ApiProperty({ type: String })
  @IsString()
  @IsNotEmpty()
  team_id: string;
}
