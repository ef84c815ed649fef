import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { MAX_PAGE_SIZE } from '../cursor-page.js';
import { VISIBILITIES, type Visibility } from '../entities/owned-row.js';

/**
 * Listing filters shared by gateways and the catalog. The answer is a bare list (as ContextForge returns);
 * when more rows follow, the `X-Next-Cursor` response header carries the cursor for the next page.
 */
export class CatalogListQuery {
  @ApiPropertyOptional({ description: "Only this team's rows (200 with [] for a team the caller is not in)" })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  team_id?: string;

  @ApiPropertyOptional({ enum: VISIBILITIES })
  @IsOptional()
  @IsIn(VISIBILITIES)
  visibility?: Visibility;

  @ApiPropertyOptional({ description: 'Only rows imported from this gateway (tools, resources, prompts)' })
  @IsOptional()
  @IsUUID()
  gateway_id?: string;

  @ApiPropertyOptional({ default: false, description: 'Include disabled rows' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  include_inactive?: boolean;

  @ApiPropertyOptional({ description: 'Opaque cursor from the X-Next-Cursor header of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ default: 50, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;
}
