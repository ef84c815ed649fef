import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** The "Assign role" form. Fields arrive as strings (multipart or urlencoded); the handler turns them into the API's request. */
export class AdminAssignRoleForm {
  @ApiProperty({ example: 'alice@example.com', type: String })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100_000)
  email!: string;

  @ApiProperty({ example: '3fa85f64-5717-4562-b3fc-2c963f66afa6', type: String })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100_000)
  role_id!: string;

  @ApiPropertyOptional({ type: String, description: 'Team id, for team roles' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  scope_id?: string;
}
