import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** `POST /gateways/{id}/tools/refresh?include_resources=&include_prompts=` (both false by default, as ContextForge). */
export class RefreshToolsQuery {
  @ApiPropertyOptional({ type: Boolean, default: false, description: 'Re-sync the resources too' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  include_resources?: boolean;

  @ApiPropertyOptional({ type: Boolean, default: false, description: 'Re-sync the prompts too' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  include_prompts?: boolean;
}
