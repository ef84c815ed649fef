import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../../auth/principal.js';
import type { AuthorizedTarget } from '../rbac/authorized-target.js';
import { CatalogAccessService } from './catalog-access.service.js';
import { PROMPT_KIND } from './catalog-kinds.js';
import { CatalogRowsService, type Page } from './catalog-rows.service.js';
import { toPromptView } from './catalog-views.js';
import { notFound } from '../../common/errors/domain-error.js';
import { assertRequiredArguments, promptArguments, renderTemplate } from './prompt-template.js';
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

  async create(principal: Principal, target: AuthorizedTarget, request: CreatePromptRequest): Promise<PromptView> {
    const fields = request.prompt;
    const visibility = request.visibility ?? 'public';
    const home = this.access.home(principal, target, visibility);
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
        ownerUserId: home.ownerUserId,
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

  async get(target: AuthorizedTarget): Promise<PromptView> {
    return toPromptView(await this.rows.get(PROMPT_KIND, target));
  }

  async update(target: AuthorizedTarget, request: UpdatePromptRequest): Promise<PromptView> {
    return this.dataSource.transaction(async (tx) => {
      const prompt = await this.rows.getForChange(PROMPT_KIND, target, tx);
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

  delete(target: AuthorizedTarget) {
    return this.rows.delete(PROMPT_KIND, target);
  }

  async setEnabled(target: AuthorizedTarget, enabled: boolean) {
    const prompt = await this.dataSource.transaction((tx) => this.rows.setEnabled(PROMPT_KIND, target, enabled, tx));
    return { status: 'success', message: `Prompt ${prompt.id} ${enabled ? 'activated' : 'deactivated'}`, prompt: toPromptView(prompt) };
  }

  /**
   * `POST /prompts/{id}`: the prompt rendered with the caller's arguments, as MCP's `prompts/get` answers. A
   * disabled prompt is not served (404, as ContextForge); required arguments must be given (422).
   */
  async render(target: AuthorizedTarget, body: unknown): Promise<RenderedPrompt> {
    const prompt = await this.rows.get(PROMPT_KIND, target);
    if (!prompt.enabled) throw notFound('Prompt');
    const args = promptArguments(body);
    assertRequiredArguments(prompt.arguments, args);
    return {
      messages: [{ role: 'user', content: { type: 'text', text: renderTemplate(prompt.template, args) } }],
      description: prompt.description,
    };
  }
}

/** ContextForge's `PromptResult` (MCP `GetPromptResult`). */
export interface RenderedPrompt {
  messages: { role: 'user'; content: { type: 'text'; text: string } }[];
  description: string | null;
}
