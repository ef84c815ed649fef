import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** The "Assign role" form. Fields arrive as strings (multipart or urlencoded); the handler turns them into the API's request. */
export class AdminAssignRoleForm {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100_000)
  email!: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100_000)
  role_id!: string;

  @ApiPropertyOptional({ description: 'Team id, for team roles' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  scope_id?: string;
}
