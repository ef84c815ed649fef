import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsNotEmpty, IsOptional, IsString } from 'class-validator';

/** LiteLLM `POST /team/member_delete`. */
export class MemberDeleteRequest {
  @ApiProperty({ type: String })
  @IsString()
  @IsNotEmpty()
  team_id: string;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  user_id?: string | null;

  @ApiPropertyOptional({ example: 'alice@example.com', type: String, format: 'email' })
  @IsOptional()
  @IsEmail()
  user_email?: string | null;
}
