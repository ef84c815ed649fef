import type { RowKind } from '../catalog/catalog-rows.service.js';
import { GatewayEntity } from './entities/gateway.entity.js';

export const GATEWAY_KIND: RowKind<GatewayEntity> = {
  resource: 'gateways',
  entity: GatewayEntity,
  label: 'Gateway',
  identity: (gateway) => `name '${gateway.name}'`,
  imported: false,
};
