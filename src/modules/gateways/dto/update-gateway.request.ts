import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, IsUrl, MaxLength } from 'class-validator';
import { VISIBILITIES, type Visibility } from '../../catalog/entities/owned-row.js';
import { GATEWAY_TRANSPORTS, type GatewayTransport } from '../entities/gateway.entity.js';
import { GatewayAuthFields } from './gateway-auth.fields.js';
import { upperCase } from './upper-case.transform.js';
import { IsSafeName, IsSafeText, IsSafeUrl } from '../../../common/validation/input-safety.validators.js';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

/**
 * `PUT /gateways/{id}`: flat and partial. A new url, transport or credentials are tried first (502 and no
 * change if the server does not answer) and re-import the catalog. A new url forgets the stored credentials
 * unless the same request brings new ones: they were given for the old server.
 */
export class UpdateGatewayRequest extends GatewayAuthFields {
  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  @IsSafeName('Gateway name')
  name?: string;

  @ApiPropertyOptional({
    example: 'http://127.0.0.1:8002/sse',
    type: String,
    format: 'uri',
    description: 'A different url clears the stored credentials unless auth_* fields come with it',
  })
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2048)
  @IsSafeUrl('Gateway URL')
  url?: string;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @MaxLength(8192)
  @IsSafeText()
  @Nullable()
  description?: string | null;

  @ApiPropertyOptional({ enum: GATEWAY_TRANSPORTS })
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

  @ApiPropertyOptional({ enum: VISIBILITIES, description: 'Also applied to what it imported' })
  @IsOptional()
  @IsIn(VISIBILITIES)
  visibility?: Visibility;
}
