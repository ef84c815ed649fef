import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

/** `POST /<type>/{id}/toggle?activate=true|false` (default true). */
export class ToggleQuery {
  @ApiPropertyOptional({ type: Boolean, default: true })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  activate?: boolean;
}
