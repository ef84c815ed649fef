import { Column, Entity } from 'typeorm';
import { OwnedRow } from './owned-row.js';

export const INTEGRATION_TYPES = ['REST', 'MCP'] as const;
export type IntegrationType = (typeof INTEGRATION_TYPES)[number];

/** A tool: a REST endpoint someone registered, or an MCP tool imported from a gateway. */
@Entity('tools')
export class ToolEntity extends OwnedRow {
  /** Unique in its scope; imported tools are prefixed with their gateway's slug. */
  @Column({ type: 'text' })
  name: string;

  /** The name the upstream MCP server uses (equal to `name` for local tools). */
  @Column({ name: 'original_name', type: 'text' })
  originalName: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text', nullable: true })
  url: string | null;

  @Column({ name: 'integration_type', type: 'text', default: 'REST' })
  integrationType: IntegrationType;

  @Column({ name: 'request_type', type: 'text', default: 'POST' })
  requestType: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  headers: Record<string, string>;

  @Column({ name: 'input_schema', type: 'jsonb' })
  inputSchema: Record<string, unknown>;

  @Column({ name: 'output_schema', type: 'jsonb', nullable: true })
  outputSchema: Record<string, unknown> | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  annotations: Record<string, unknown>;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  tags: string[];

  @Column({ name: 'gateway_id', type: 'uuid', nullable: true })
  gatewayId: string | null;
}
