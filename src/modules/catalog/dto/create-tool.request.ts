import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { BodyEnvelope } from '../../../common/validation/body-envelope.js';
import { VISIBILITIES, type Visibility } from '../entities/owned-row.js';
import { ToolFieldsInput } from './tool-fields.input.js';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

/** `POST /tools {tool: {...}, team_id, visibility}`; without team_id the tool goes to the personal team.
 * Flat bodies (`{name, ..., team_id}`) are taken too, and a `team_id`/`visibility` inside `tool` moves out
 * (a different value on both sides is a 400): see `@BodyEnvelope`.
 */
@BodyEnvelope({ key: 'tool', outer: ['team_id', 'visibility'] })
export class CreateToolRequest {
  @ApiProperty({ type: () => ToolFieldsInput })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ToolFieldsInput)
  tool: ToolFieldsInput;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Team to create in (needs tools.create there)' })
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
