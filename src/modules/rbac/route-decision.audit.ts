import { Injectable, type OnModuleInit, RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ROUTE_DECISION, type RouteDecision } from '../../auth/route-decision.js';

export interface RouteDecisionEntry {
  method: string;
  path: string;
  handler: string;
  decision: RouteDecision | null;
}

/**
 * Deny by default, enforced at boot: a route without `@RequirePermission`, `@Public` or `@Authenticated`
 * stops the server. `list()` is the reviewed table of every route's decision.
 */
@Injectable()
export class RouteDecisionAudit implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const undecided = this.list().filter((entry) => entry.decision === null);
    if (undecided.length > 0) {
      const names = undecided.map((e) => `${e.method} ${e.path} (${e.handler})`).join(', ');
      throw new Error(`Routes without a permission decision (deny by default): ${names}`);
    }
  }

  list(): RouteDecisionEntry[] {
    const entries: RouteDecisionEntry[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const instance = wrapper.instance as object | undefined;
      if (!instance) continue;
      const prototype = Object.getPrototypeOf(instance);
      const base = normalizePaths(this.reflector.get(PATH_METADATA, wrapper.metatype as Type));
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name];
        const paths = this.reflector.get(PATH_METADATA, handler);
        if (paths === undefined) continue;
        const method = RequestMethod[this.reflector.get<RequestMethod>(METHOD_METADATA, handler)];
        for (const prefix of base) {
          for (const path of normalizePaths(paths)) {
            entries.push({
              method,
              path: `/${[prefix, path].filter(Boolean).join('/')}`.replace(/\/+/g, '/'),
              handler: `${wrapper.name}.${name}`,
              decision: this.reflector.get<RouteDecision>(ROUTE_DECISION, handler) ?? null,
            });
          }
        }
      }
    }
    return entries.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  }
}

function normalizePaths(value: string | string[] | undefined): string[] {
  const list = Array.isArray(value) ? value : [value ?? ''];
  return list.map((p) => p.replace(/^\/+|\/+$/g, ''));
}
