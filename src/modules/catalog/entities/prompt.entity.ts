import { Column, Entity } from 'typeorm';
import { OwnedRow } from './owned-row.js';

export interface PromptArgument {
  name: string;
  description?: string | null;
  required?: boolean;
}

/** A prompt template; imported prompts are prefixed with their gateway's slug like tools. */
@Entity('prompts')
export class PromptEntity extends OwnedRow {
  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'original_name', type: 'text' })
  originalName: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text', default: '' })
  template: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  arguments: PromptArgument[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  tags: string[];

  @Column({ name: 'gateway_id', type: 'uuid', nullable: true })
  gatewayId: string | null;
}
