import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

/** One header sent to the upstream MCP server (`auth_type: authheaders`). */
export class AuthHeaderInput {
  @ApiProperty({ type: String, example: 'X-API-Key' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  @Matches(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, { message: 'key must be an HTTP header name' })
  key: string;

  @ApiProperty({ type: String })
  @IsString()
  @MaxLength(8192)
  value: string;
}
