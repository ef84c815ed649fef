import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** The "Add user" form. Fields arrive as strings (multipart or urlencoded); the handler turns them into the API's request. */
export class AdminUserForm {
  @ApiProperty({ example: 'carol@example.com', type: String })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100_000)
  email!: string;

  @ApiPropertyOptional({ example: 'Carol Example', type: String })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  full_name?: string;

  @ApiProperty({ example: 'S3cure-passw0rd!', type: String })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100_000)
  password!: string;
}
