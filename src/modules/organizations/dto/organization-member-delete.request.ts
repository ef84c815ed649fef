import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsNotEmpty, IsOptional, IsString } from 'class-validator';

/** LiteLLM `DELETE /organization/member_delete`. */
export class OrganizationMemberDeleteRequest {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  organization_id: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  user_id?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  user_email?: string | null;
}
