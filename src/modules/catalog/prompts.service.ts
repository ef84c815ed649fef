import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../../auth/principal.js';
import { CatalogAccessService } from './catalog-access.service.js';
import { PROMPT_KIND } from './catalog-kinds.js';
import { CatalogRowsService, type Page } from './catalog-rows.service.js';
import { toPromptView } from './catalog-views.js';
import type { CatalogListQuery } from './dto/catalog-list.query.js';
import type { CreatePromptRequest } from './dto/create-prompt.request.js';
import type { PromptArgumentInput } from './dto/prompt-argument.input.js';
import type { UpdatePromptRequest } from './dto/update-prompt.request.js';
import { type PromptArgument, PromptEntity } from './entities/prompt.entity.js';

export type PromptView = ReturnType<typeof toPromptView>;

const toArguments = (input: PromptArgumentInput[] | undefined): PromptArgument[] =>
  (input ?? []).map((arg) => ({ name: arg.name, description: arg.description ?? null, required: arg.required ?? false }));

/** Prompt templates registered by hand; imported ones are kept in sync by their gateway. */
@Injectable()
export class PromptsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rows: CatalogRowsService,
    private readonly access: CatalogAccessService,
  ) {}

  async create(principal: Principal, request: CreatePromptRequest): Promise<PromptView> {
    const fields = request.prompt;
    const visibility = request.visibility ?? 'public';
    const home = await this.access.home(principal, request.team_id, visibility);
    return this.dataSource.transaction(async (tx) => {
      const prompt = tx.getRepository(PromptEntity).create({
        name: fields.name,
        originalName: fields.name,
        description: fields.description ?? null,
        template: fields.template ?? '',
        arguments: toArguments(fields.arguments),
        tags: fields.tags ?? [],
        gatewayId: null,
        teamId: home.teamId,
        ownerEmail: home.ownerEmail,
        visibility,
        enabled: true,
      });
      return toPromptView(await this.rows.save(tx, PROMPT_KIND, prompt));
    });
  }

  async list(principal: Principal, query: CatalogListQuery): Promise<Page<PromptView>> {
    const page = await this.rows.list(principal, PROMPT_KIND, query);
    return { items: page.items.map(toPromptView), nextCursor: page.nextCursor };
  }

  async get(principal: Principal, id: string): Promise<PromptView> {
    return toPromptView(await this.rows.get(principal, PROMPT_KIND, id));
  }

  async update(principal: Principal, id: string, request: UpdatePromptRequest): Promise<PromptView> {
    return this.dataSource.transaction(async (tx) => {
      const prompt = await this.rows.getForChange(principal, PROMPT_KIND, id, 'update', tx);
      if (request.name !== undefined) {
        prompt.name = request.name;
        if (prompt.gatewayId === null) prompt.originalName = request.name;
      }
      if (request.description !== undefined) prompt.description = request.description;
      if (request.template !== undefined) prompt.template = request.template;
      if (request.arguments !== undefined) prompt.arguments = toArguments(request.arguments);
      if (request.tags !== undefined) prompt.tags = request.tags ?? [];
      if (request.visibility !== undefined) prompt.visibility = request.visibility;
      return toPromptView(await this.rows.save(tx, PROMPT_KIND, prompt));
    });
  }

  delete(principal: Principal, id: string) {
    return this.rows.delete(principal, PROMPT_KIND, id);
  }

  async setEnabled(principal: Principal, id: string, enabled: boolean) {
    const prompt = await this.dataSource.transaction((tx) => this.rows.setEnabled(principal, PROMPT_KIND, id, enabled, tx));
    return { status: 'success', message: `Prompt ${id} ${enabled ? 'activated' : 'deactivated'}`, prompt: toPromptView(prompt) };
  }
}
