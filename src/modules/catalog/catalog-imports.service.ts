import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RowKind } from './catalog-rows.service.js';
import { CatalogRowsService } from './catalog-rows.service.js';
import type { OwnedRow, Visibility } from './entities/owned-row.js';

export interface SyncCounts {
  added: number;
  updated: number;
  removed: number;
}

/** What imported rows take from the gateway that imported them (the gateways module's row, as catalog needs it). */
export interface ImportSource {
  id: string;
  slug: string;
  teamId: string | null;
  ownerEmail: string | null;
  visibility: Visibility;
  enabled: boolean;
}

/** How one kind of upstream item maps onto a catalog row: its key on both sides, and the fields it sets. */
export interface ImportMapping<E, U> {
  keyOf: (item: U) => string;
  existingKey: (row: E) => string;
  apply: (row: E, item: U) => void;
}

/**
 * The rows gateways import into the catalog: the catalog owns the tables, the gateways module says what an
 * upstream item looks like as a row. Everything runs in the caller's transaction.
 */
@Injectable()
export class CatalogImportsService {
  constructor(private readonly rows: CatalogRowsService) {}

  /** New items are added, known ones (matched by key) updated, vanished ones removed. */
  async mirror<E extends OwnedRow & { gatewayId: string | null }, U>(
    tx: EntityManager,
    kind: RowKind<E>,
    source: ImportSource,
    upstream: U[],
    mapping: ImportMapping<E, U>,
  ): Promise<SyncCounts> {
    const repo = tx.getRepository(kind.entity);
    const existing = await repo.find({ where: { gatewayId: source.id } as never });
    const known = new Map(existing.map((row) => [mapping.existingKey(row), row]));
    const seen = new Set<string>();
    const counts: SyncCounts = { added: 0, updated: 0, removed: 0 };
    // Removals first: a renamed upstream item must not collide with its own old row.
    const vanished = existing.filter((row) => !upstream.some((item) => mapping.keyOf(item) === mapping.existingKey(row)));
    if (vanished.length) await repo.delete(vanished.map((row) => row.id));
    counts.removed = vanished.length;
    for (const item of upstream) {
      const key = mapping.keyOf(item);
      if (seen.has(key)) continue; // duplicates in a listing: the first wins
      seen.add(key);
      const row = known.get(key) ?? repo.create();
      row.gatewayId = source.id;
      if (known.has(key)) counts.updated++;
      else counts.added++;
      mapping.apply(row, item);
      row.teamId = source.teamId;
      row.ownerEmail = source.ownerEmail;
      row.visibility = source.visibility;
      row.enabled = source.enabled;
      await this.rows.save(tx, kind, row);
    }
    return counts;
  }

  /** After the gateway itself changed (name, team, visibility, on/off): carry it over to what it imported. */
  async reapply(tx: EntityManager, source: ImportSource): Promise<void> {
    for (const table of ['tools', 'prompts'] as const) {
      await tx.query(
        `UPDATE ${table} SET name = $2 || '-' || original_name, team_id = $3, owner_email = $4, visibility = $5, enabled = $6, updated_at = now()
          WHERE gateway_id = $1`,
        [source.id, source.slug, source.teamId, source.ownerEmail, source.visibility, source.enabled],
      );
    }
    await tx.query(
      `UPDATE resources SET team_id = $2, owner_email = $3, visibility = $4, enabled = $5, updated_at = now() WHERE gateway_id = $1`,
      [source.id, source.teamId, source.ownerEmail, source.visibility, source.enabled],
    );
  }
}
