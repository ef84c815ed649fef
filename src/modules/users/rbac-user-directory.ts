import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { PrincipalUser } from '../../auth/principal.js';
import { type RbacUserDirectory, SubjectDirectory, type SubjectUser } from '../rbac/subject-directory.js';

interface UserRow {
  id: string;
  user_id: string;
  email: string | null;
  is_admin: boolean;
  user_role: PrincipalUser['userRole'];
  is_active: boolean;
}

const toSubject = (row: UserRow): SubjectUser => ({
  id: row.id,
  userId: row.user_id,
  email: row.email,
  isAdmin: row.is_admin,
  userRole: row.user_role,
  isActive: row.is_active,
});

/** How the engine reads users (the RBAC routes' subjects, users evaluated for someone else): registered with rbac. */
@Injectable()
export class RbacUserDirectoryProvider implements RbacUserDirectory, OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directory: SubjectDirectory,
  ) {}

  onModuleInit(): void {
    this.directory.provideUsers(this);
  }

  async findByEmailOrUserId(emailOrUserId: string): Promise<SubjectUser | null> {
    const rows: UserRow[] = await this.dataSource.query(
      `SELECT id, user_id, email, is_admin, user_role, is_active FROM users
        WHERE email = lower($1) OR user_id = $1
        ORDER BY (email = lower($1)) DESC NULLS LAST LIMIT 1`,
      [emailOrUserId],
    );
    return rows[0] ? toSubject(rows[0]) : null;
  }

  async findById(id: string, manager?: EntityManager): Promise<SubjectUser | null> {
    const rows: UserRow[] = await (manager ?? this.dataSource.manager).query(
      `SELECT id, user_id, email, is_admin, user_role, is_active FROM users WHERE id = $1`,
      [id],
    );
    return rows[0] ? toSubject(rows[0]) : null;
  }
}
