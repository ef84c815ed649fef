import { ApiProperty } from '@nestjs/swagger';
import { IsArray, IsNotEmpty, IsString } from 'class-validator';
import { MEMBER_ROUTES } from '../../rbac/litellm-member-routes.js';

/** LiteLLM `POST /team/permissions_update`. */
export class PermissionsUpdateRequest {
  @ApiProperty({ type: String })
  @IsString()
  @IsNotEmpty()
  team_id: string;

  @ApiProperty({ type: [String], enum: MEMBER_ROUTES })
  // Known routes are checked by the service: LiteLLM answers an unknown one with 400, not a validation error.
  @IsArray()
  @IsString({ each: true })
  team_member_permissions: string[];
}
