import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsNotEmpty, IsString, ValidateNested } from 'class-validator';
import { OrganizationMemberInput } from './organization-member.input.js';

/** LiteLLM `POST /organization/member_add`: `member` is one member or a list of them. */
export class OrganizationMemberAddRequest {
  @ApiProperty({ type: String })
  @IsString()
  @IsNotEmpty()
  organization_id: string;

  @ApiProperty({ type: [OrganizationMemberInput] })
  @Transform(({ value }: { value: unknown }) => (value !== null && typeof value === 'object' && !Array.isArray(value) ? [value] : value))
  @IsArray()
  @ArrayNotEmpty()
  @ValidateNested({ each: true })
  @Type(() => OrganizationMemberInput)
  member: OrganizationMemberInput[];
}
