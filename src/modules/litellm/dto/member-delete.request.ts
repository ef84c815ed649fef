import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsNotEmpty, IsOptional, IsString } from 'class-validator';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

/** LiteLLM `POST /team/member_delete`. */
export class MemberDeleteRequest {
  @ApiProperty({ type: String })
  @IsString()
  @IsNotEmpty()
  team_id: string;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @Nullable()
  user_id?: string | null;

  @ApiPropertyOptional({ example: 'alice@example.com', type: String, format: 'email' })
  @IsOptional()
  @IsEmail()
  @Nullable()
  user_email?: string | null;
}
