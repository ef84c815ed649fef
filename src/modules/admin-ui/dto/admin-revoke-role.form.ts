import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** A "Revoke" button of the user's roles page: the role (name or id), and its team for a team role. */
export class AdminRevokeRoleForm {
  @ApiProperty({ example: '3fa85f64-5717-4562-b3fc-2c963f66afa6', type: String })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  role!: string;

  @ApiPropertyOptional({ type: String, description: 'Team id, for a team role' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  scope_id?: string;
}
