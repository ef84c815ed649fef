import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { OrganizationRole } from '../rbac/access-snapshot.js';
import { type RbacOrganizationDirectory, SubjectDirectory } from '../rbac/subject-directory.js';

/** How the engine reads a user's organization roles: registered with rbac, which sits below this module. */
@Injectable()
export class RbacOrganizationDirectoryProvider implements RbacOrganizationDirectory, OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directory: SubjectDirectory,
  ) {}

  onModuleInit(): void {
    this.directory.provideOrganizations(this);
  }

  /** The snapshot loader's read (hot path, on cache misses): one statement on an indexed column. */
  async membershipsOf(userId: string): Promise<{ organizationId: string; role: OrganizationRole }[]> {
    const rows: { organization_id: string; user_role: OrganizationRole }[] = await this.dataSource.query(
      `SELECT organization_id, user_role FROM organization_members WHERE user_id = $1`,
      [userId],
    );
    return rows.map((row) => ({ organizationId: row.organization_id, role: row.user_role }));
  }
}
