import { Column, CreateDateColumn, UpdateDateColumn } from 'typeorm';

export const VISIBILITIES = ['private', 'team', 'public'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/**
 * The check constraints every gateway and catalog table carries (`ck_<table>_visibility` and
 * `ck_<table>_team_for_restricted`), as the migration writes them; each entity names them for its own table.
 */
export const VISIBILITY_CHECK = "visibility IN ('private','team','public')";
/** Only the master key may create rows outside any team, and those are public. */
export const TEAM_FOR_RESTRICTED_CHECK = "visibility = 'public' OR team_id IS NOT NULL";

/**
 * The columns every gateway and catalog row shares: who owns it, which team it lives in, who may see it, and
 * whether it is switched on. Not an entity itself.
 */
export abstract class OwnedRow {
  /** Declared by each entity: a `@PrimaryGeneratedColumn('uuid')` whose constraint is named after its table. */
  abstract id: string;

  /**
   * Null only for rows the master key created (always public). Each entity declares the foreign key to `teams` itself
   * (a `team` relation), since its constraint name differs per table.
   */
  @Column({ name: 'team_id', type: 'text', nullable: true })
  teamId: string | null;

  /** Display only (ContextForge's `owner_email`); ownership is `ownerUserId`. */
  @Column({ name: 'owner_email', type: 'text', nullable: true })
  ownerEmail: string | null;

  /**
   * The owning user (null for the master key's rows, or once the owner is deleted). Each entity declares the
   * foreign key (an `owner` relation) and its index, named after its table.
   */
  @Column({ name: 'owner_user_id', type: 'uuid', nullable: true })
  ownerUserId: string | null;

  @Column({ type: 'text', default: 'public' })
  visibility: Visibility;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
