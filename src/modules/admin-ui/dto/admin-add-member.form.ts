import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** Adding a member: our field, or ContextForge's. Fields arrive as strings (multipart or urlencoded); the handler turns them into the API's request. */
export class AdminAddMemberForm {
  @ApiPropertyOptional({ example: 'alice@example.com', type: String, description: 'Email of an existing user' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  user_email?: string;

  @ApiPropertyOptional({ example: 'alice@example.com', type: String, description: 'Same as user_email' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  email?: string;

  @ApiPropertyOptional({ example: 'alice@example.com', type: String, description: "ContextForge's name for it" })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  associatedUsers?: string;

  @ApiPropertyOptional({ enum: ['member', 'owner'], type: String, description: 'member or owner' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  role?: string;
}
