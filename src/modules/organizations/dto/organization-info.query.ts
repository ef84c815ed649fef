import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString } from 'class-validator';

/** LiteLLM `GET /organization/info`. */
export class OrganizationInfoQuery {
  @ApiProperty({ type: String })
  @IsString()
  @IsNotEmpty()
  organization_id: string;
}
