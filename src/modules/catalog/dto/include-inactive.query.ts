import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

/** `?include_inactive=true|false` (default false) of ContextForge's by-id reads: disabled rows only when asked. */
export class IncludeInactiveQuery {
  @ApiPropertyOptional({ type: Boolean, default: false, description: 'Include disabled rows' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  include_inactive?: boolean;
}
