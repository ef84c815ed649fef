import { Column, Entity } from 'typeorm';
import { OwnedRow } from './owned-row.js';

/** An MCP resource, identified by its URI; text content for local ones, upstream-served for imported ones. */
@Entity('resources')
export class ResourceEntity extends OwnedRow {
  @Column({ type: 'text' })
  uri: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ name: 'mime_type', type: 'text', nullable: true })
  mimeType: string | null;

  @Column({ type: 'text', nullable: true })
  content: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  tags: string[];

  @Column({ name: 'gateway_id', type: 'uuid', nullable: true })
  gatewayId: string | null;
}
