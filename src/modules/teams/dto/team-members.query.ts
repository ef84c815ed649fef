import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { BooleanQuery } from '../../../common/validation/boolean-query.transform.js';

/** ContextForge `GET /teams/{team_id}/members`. */
export class TeamMembersQuery {
  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description: 'Answer `{"members": [...], "nextCursor": null}` (every member is on the one page) instead of a bare list',
  })
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  include_pagination?: boolean;
}
