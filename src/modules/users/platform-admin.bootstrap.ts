import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { hashPassword, verifyPassword } from '../../common/crypto/passwords.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { RoleAssignmentsService } from '../rbac/role-assignments.service.js';
import { LoginBackoffService } from './login-backoff.service.js';
import { UsersService } from './users.service.js';

/** Arbitrary, unique to this job: instances booting together create the admin once. */
const BOOTSTRAP_LOCK_KEY = 0x61646d6e;

/**
 * PLATFORM_ADMIN_EMAIL exists after boot, is active and admin, and holds global platform_admin. When
 * PLATFORM_ADMIN_PASSWORD is set, it is the admin's password after boot: an operator who sets it on a restart (the
 * first start may have had none) can log in, instead of having it silently ignored.
 */
@Injectable()
export class PlatformAdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(PlatformAdminBootstrap.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly assignments: RoleAssignmentsService,
    private readonly backoff: LoginBackoffService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { email, password } = this.config.platformAdmin;
    await this.dataSource.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK_KEY]);
      const existing = await this.users.findByEmailWithPasswordHash(email, tx);
      if (!existing) {
        await this.users.create(
          tx,
          {
            email,
            userId: email,
            fullName: 'Platform Administrator',
            isAdmin: true,
            passwordHash: password ? await hashPassword(password) : null,
          },
          'system',
        );
        this.logger.log(`Created platform admin ${email}${password ? '' : ' (no password: set PLATFORM_ADMIN_PASSWORD to log in)'}`);
        return;
      }
      if (!existing.isAdmin || !existing.isActive || existing.userRole !== 'proxy_admin') {
        existing.isAdmin = true;
        existing.isActive = true;
        existing.userRole = 'proxy_admin';
        await this.users.save(tx, existing);
      }
      await this.assignments.syncAdminRole(tx, existing.id, true, 'system');
      // Rehashed only when it does not verify: an unchanged password costs one verification per boot, no write.
      if (password && !(await verifyPassword(existing.passwordHash, password))) {
        await this.users.replacePasswordHash(tx, existing.id, await hashPassword(password));
        // Failed guesses were against the old password: their back-off goes with it.
        await this.backoff.clear(email, tx);
        this.logger.log('platform admin password updated from PLATFORM_ADMIN_PASSWORD');
      }
    });
  }
}
