import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, IsUrl, MaxLength } from 'class-validator';
import { VISIBILITIES, type Visibility } from '../../catalog/entities/owned-row.js';
import { GATEWAY_TRANSPORTS, type GatewayTransport } from '../entities/gateway.entity.js';
import { GatewayAuthFields } from './gateway-auth.fields.js';
import { upperCase } from './upper-case.transform.js';
import { IsSafeName, IsSafeText, IsSafeUrl } from '../../../common/validation/input-safety.validators.js';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

/**
 * `POST /gateways` (a flat body, ContextForge `GatewayCreate`). Registering connects to the server: the answer
 * is 201 with the gateway once its tools, resources and prompts are imported, or 502 and nothing stored; 400
 * when the outbound address policy refuses the url's host.
 */
export class CreateGatewayRequest extends GatewayAuthFields {
  @ApiProperty({ type: String, example: 'time-server' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  @IsSafeName('Gateway name')
  name: string;

  @ApiProperty({ type: String, format: 'uri', example: 'http://127.0.0.1:8002/sse' })
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2048)
  @IsSafeUrl('Gateway URL')
  url: string;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @MaxLength(8192)
  @IsSafeText()
  @Nullable()
  description?: string | null;

  @ApiPropertyOptional({ enum: GATEWAY_TRANSPORTS, default: 'SSE' })
  @IsOptional()
  @upperCase()
  @IsIn(GATEWAY_TRANSPORTS)
  transport?: GatewayTransport;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  @Nullable()
  tags?: string[] | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Team to register in (needs gateways.create there)' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @Nullable()
  team_id?: string | null;

  @ApiPropertyOptional({ enum: VISIBILITIES, default: 'public', description: 'Also the visibility of what it imports' })
  @IsOptional()
  @IsIn(VISIBILITIES)
  visibility?: Visibility;
}
