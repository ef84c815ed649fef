import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';
import { UserEntity } from './user.entity.js';

/** One password reset token, stored as its SHA-256 only; single use (`used_at`), expiring. */
@Entity('password_reset_tokens')
@Unique('uq_password_reset_tokens_token_hash', ['tokenHash'])
@Index('ix_password_reset_tokens_user', ['userId'])
export class PasswordResetTokenEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_password_reset_tokens' })
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  /** Schema only (the foreign key of `user_id`): never loaded. */
  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_password_reset_tokens_user' })
  user?: Relation<UserEntity>;

  @Column({ name: 'token_hash', type: 'character', length: 64 })
  tokenHash: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
