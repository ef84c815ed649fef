import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SYSTEM_ROLES } from './system-roles.js';

/** Creates the system roles and re-syncs them to their definitions on every boot (idempotent across instances). */
@Injectable()
export class SystemRolesSync implements OnModuleInit {
  private readonly logger = new Logger(SystemRolesSync.name);

  constructor(private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      for (const role of SYSTEM_ROLES) {
        await manager.query(
          `INSERT INTO roles (name, description, scope, permissions, is_system_role, is_active, created_by)
           VALUES ($1, $2, $3, $4::jsonb, true, true, 'system')
           ON CONFLICT (name) DO UPDATE
             SET description = EXCLUDED.description, scope = EXCLUDED.scope, permissions = EXCLUDED.permissions,
                 inherits_from = NULL, is_system_role = true, is_active = true, updated_at = now()`,
          [role.name, role.description, role.scope, JSON.stringify(role.permissions)],
        );
      }
    });
    this.logger.log(`System roles synced: ${SYSTEM_ROLES.map((r) => r.name).join(', ')}`);
  }
}
