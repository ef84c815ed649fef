import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsNotEmpty, IsOptional, IsString } from 'class-validator';

/** LiteLLM `POST /team/member_delete`. */
export class MemberDeleteRequest {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  team_id: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  user_id?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  user_email?: string | null;
}
