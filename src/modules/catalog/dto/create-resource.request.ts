import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { BodyEnvelope } from '../../../common/validation/body-envelope.js';
import { VISIBILITIES, type Visibility } from '../entities/owned-row.js';
import { ResourceFieldsInput } from './resource-fields.input.js';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

/** `POST /resources {resource: {...}, team_id, visibility}`.
 * Flat bodies (`{name, ..., team_id}`) are taken too, and a `team_id`/`visibility` inside `resource` moves out
 * (a different value on both sides is a 400): see `@BodyEnvelope`.
 */
@BodyEnvelope({ key: 'resource', outer: ['team_id', 'visibility'] })
export class CreateResourceRequest {
  @ApiProperty({ type: () => ResourceFieldsInput })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ResourceFieldsInput)
  resource: ResourceFieldsInput;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Team to create in (needs resources.create there)' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @Nullable()
  team_id?: string | null;

  @ApiPropertyOptional({ enum: VISIBILITIES, default: 'public' })
  @IsOptional()
  @IsIn(VISIBILITIES)
  visibility?: Visibility;
}
