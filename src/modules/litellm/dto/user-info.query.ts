import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

/** LiteLLM `GET /user/info`: without `user_id`, the caller's own record. */
export class UserInfoQuery {
  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  user_id?: string;
}
