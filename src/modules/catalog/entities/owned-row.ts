import { Column, CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const VISIBILITIES = ['private', 'team', 'public'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/**
 * The columns every gateway and catalog row shares: who owns it, which team it lives in, who may see it, and
 * whether it is switched on. Not an entity itself.
 */
export abstract class OwnedRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Null only for rows the master key created (always public). */
  @Column({ name: 'team_id', type: 'text', nullable: true })
  teamId: string | null;

  @Column({ name: 'owner_email', type: 'text', nullable: true })
  ownerEmail: string | null;

  @Column({ type: 'text', default: 'public' })
  visibility: Visibility;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
