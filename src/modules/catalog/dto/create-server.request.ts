import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { BodyEnvelope } from '../../../common/validation/body-envelope.js';
import { VISIBILITIES, type Visibility } from '../entities/owned-row.js';
import { ServerFieldsInput } from './server-fields.input.js';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

/** `POST /servers {server: {...}, team_id, visibility}`.
 * Flat bodies (`{name, ..., team_id}`) are taken too, and a `team_id`/`visibility` inside `server` moves out
 * (a different value on both sides is a 400): see `@BodyEnvelope`.
 */
@BodyEnvelope({ key: 'server', outer: ['team_id', 'visibility'] })
export class CreateServerRequest {
  @ApiProperty({ type: () => ServerFieldsInput })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ServerFieldsInput)
  server: ServerFieldsInput;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Team to create in (needs servers.create there)' })
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
