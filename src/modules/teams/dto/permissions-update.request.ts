import { ApiProperty } from '@nestjs/swagger';
import { IsArray, IsIn, IsNotEmpty, IsString } from 'class-validator';
import { MEMBER_ROUTES } from '../../rbac/litellm-member-routes.js';

/** LiteLLM `POST /team/permissions_update`. */
export class PermissionsUpdateRequest {
  @ApiProperty()
  @IsString() @IsNotEmpty()
  team_id: string;

  @ApiProperty({ type: [String], enum: MEMBER_ROUTES })
  @IsArray() @IsIn(MEMBER_ROUTES, { each: true, message: 'team_member_permissions: unknown route' })
  team_member_permissions: string[];
}
