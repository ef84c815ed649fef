import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** The sign-in form. Fields arrive as strings (multipart or urlencoded); the handler turns them into the API's request. */
export class AdminLoginForm {
  @ApiProperty({ example: 'admin@example.com', type: String })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100_000)
  email!: string;

  @ApiProperty({ example: 'S3cure-passw0rd!', type: String })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100_000)
  password!: string;
}
