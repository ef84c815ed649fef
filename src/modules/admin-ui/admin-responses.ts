import type { FastifyReply, FastifyRequest } from 'fastify';
import { wantsHtml } from './admin-request.js';
import { renderAdminView } from './admin-views.js';

/** The admin page of a view and tab: `/admin[?team_id=…][&notice=…]#<tab>`. */
export function shellUrl(tab: string, teamId?: string | null, notice?: string): string {
  const query = new URLSearchParams({ ...(teamId ? { team_id: teamId } : {}), ...(notice ? { notice } : {}) }).toString();
  return `/admin${query ? `?${query}` : ''}#${tab}`;
}

/**
 * A successful change: the pages' scripts get `{"message", "success": true}`; a native form post (no script) is
 * sent back to its tab with the message, or without one where the page itself shows the outcome (a deleted row
 * is gone; ContextForge answers a gateway delete with exactly `/admin#gateways`).
 */
export function answerChange(
  request: FastifyRequest,
  reply: FastifyReply,
  tab: string,
  teamId: string | null,
  message: string,
  options: { notice?: boolean } = {},
) {
  if (wantsHtml(request)) return reply.redirect(shellUrl(tab, teamId, options.notice === false ? undefined : message), 303);
  return reply.status(200).send({ message, success: true });
}

/** A page of its own: an HTML answer. */
export function sendPage(reply: FastifyReply, view: string, data: object, status = 200) {
  return reply.status(status).type('text/html; charset=utf-8').send(renderAdminView(view, data));
}
