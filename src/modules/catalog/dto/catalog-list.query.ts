import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { BooleanQuery } from '../../../common/validation/boolean-query.transform.js';
import { MAX_PAGE_SIZE, MAX_UNPAGED_ROWS } from '../cursor-page.js';
import { VISIBILITIES, type Visibility } from '../entities/owned-row.js';

/**
 * Listing filters shared by gateways and the catalog. The answer is a bare list (as ContextForge returns), or with
 * `include_pagination=true` ContextForge's `{"<kind>": [...], "nextCursor": ...}`; when more rows follow, the
 * `X-Next-Cursor` response header carries the cursor for the next page either way.
 */
export class CatalogListQuery {
  @ApiPropertyOptional({ type: String, description: "Only this team's rows (200 with [] for a team the caller is not in)" })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  team_id?: string;

  @ApiPropertyOptional({ enum: VISIBILITIES })
  @IsOptional()
  @IsIn(VISIBILITIES)
  visibility?: Visibility;

  @ApiPropertyOptional({
    example: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
    type: String,
    format: 'uuid',
    description: 'Only rows imported from this gateway (tools, resources, prompts)',
  })
  @IsOptional()
  @IsUUID()
  gateway_id?: string;

  @ApiPropertyOptional({ type: Boolean, default: false, description: 'Include disabled rows' })
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  include_inactive?: boolean;

  @ApiPropertyOptional({ type: String, description: 'Opaque cursor from the X-Next-Cursor header of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({
    type: 'integer',
    default: 50,
    minimum: 0,
    maximum: MAX_PAGE_SIZE,
    description: `Rows per page; 0 means all of them, up to ${MAX_UNPAGED_ROWS} (X-Next-Cursor continues beyond)`,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description: 'Answer `{"<kind>": [...], "nextCursor": ...}` instead of a bare list',
  })
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  include_pagination?: boolean;

  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description: "Add each row's execution `metrics` (Portcullis runs nothing: zeros)",
  })
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  include_metrics?: boolean;

  @ApiPropertyOptional({ type: String, description: 'Comma-separated tags: rows carrying any of them', example: 'api,data' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  tags?: string;
}
