import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** Inviting an email to the team. Fields arrive as strings (multipart or urlencoded); the handler turns them into the API's request. */
export class AdminInviteForm {
  @ApiProperty({ example: 'bob@example.com', type: String })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100_000)
  email!: string;

  @ApiPropertyOptional({ enum: ['member', 'owner'], type: String, description: 'member or owner' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  role?: string;
}
