import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { MAX_PAGING_POSITION } from '../../../common/validation/paging-bounds.js';

/** What `sort_by` may name (LiteLLM's key columns). */
export const KEY_SORT_COLUMNS = [
  'created_at',
  'updated_at',
  'expires',
  'spend',
  'max_budget',
  'key_alias',
  'key_name',
  'team_id',
  'user_id',
] as const;
export type KeySortColumn = (typeof KEY_SORT_COLUMNS)[number];

const asBoolean = ({ value }: { value: unknown }) =>
  value === true || value === 'true' ? true : value === false || value === 'false' ? false : value;

/** LiteLLM `GET /key/list`. */
export class KeyListQuery {
  @ApiPropertyOptional({ type: 'integer', default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGING_POSITION)
  page?: number;

  @ApiPropertyOptional({ type: 'integer', default: 10, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  size?: number;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  user_id?: string;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  team_id?: string;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  key_alias?: string;

  @ApiPropertyOptional({ type: String, description: 'Keys stored with this organization_id' })
  @IsOptional()
  @IsString()
  organization_id?: string;

  @ApiPropertyOptional({ type: String, description: 'One key, raw or hashed' })
  @IsOptional()
  @IsString()
  key_hash?: string;

  @ApiPropertyOptional({ type: Boolean, default: false, description: 'Whole key objects instead of hashes' })
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true')
  @IsBoolean()
  return_full_object?: boolean;

  @ApiPropertyOptional({
    type: Boolean,
    description: 'Non-admins: false lists only their own keys; true or unset adds the keys of the teams whose keys they manage',
  })
  @IsOptional()
  @Transform(asBoolean)
  @IsBoolean()
  include_team_keys?: boolean;

  @ApiPropertyOptional({ enum: KEY_SORT_COLUMNS, default: 'created_at' })
  @IsOptional()
  @IsIn(KEY_SORT_COLUMNS)
  sort_by?: KeySortColumn;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.toLowerCase() : value))
  @IsIn(['asc', 'desc'])
  sort_order?: 'asc' | 'desc';
}
