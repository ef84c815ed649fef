import { Column, Entity } from 'typeorm';
import { OwnedRow } from '../../catalog/entities/owned-row.js';

export const GATEWAY_TRANSPORTS = ['SSE', 'STREAMABLEHTTP'] as const;
export type GatewayTransport = (typeof GATEWAY_TRANSPORTS)[number];

export const GATEWAY_AUTH_TYPES = ['basic', 'bearer', 'authheaders'] as const;
export type GatewayAuthType = (typeof GATEWAY_AUTH_TYPES)[number];

/** An upstream MCP server whose tools, resources and prompts are federated into the catalog. */
@Entity('gateways')
export class GatewayEntity extends OwnedRow {
  @Column({ type: 'text' })
  name: string;

  /** Prefix of the imported tool and prompt names. */
  @Column({ type: 'text' })
  slug: string;

  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text', default: 'SSE' })
  transport: GatewayTransport;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  tags: string[];

  /** Null: no authentication towards the upstream server. */
  @Column({ name: 'auth_type', type: 'text', nullable: true })
  authType: GatewayAuthType | null;

  /** The headers to send upstream, AES-256-GCM encrypted; never leaves the service. */
  @Column({ name: 'auth_secret', type: 'text', nullable: true })
  authSecret: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  capabilities: Record<string, unknown>;

  /** The upstream's `serverInfo` from `initialize` (name, version). */
  @Column({ name: 'server_info', type: 'jsonb', nullable: true })
  serverInfo: Record<string, unknown> | null;

  @Column({ type: 'boolean', default: true })
  reachable: boolean;

  @Column({ name: 'last_seen', type: 'timestamptz', nullable: true })
  lastSeen: Date | null;
}
