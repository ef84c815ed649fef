import type { LitellmRouteGroup } from './litellm-routes.js';

/**
 * A request a proxy asks Portcullis about (forward auth): not one of our routes, but the client's original request
 * to the gateway behind the proxy, as the proxy forwarded it.
 */
export interface ForwardedRequest {
  /** The original method, upper case. */
  method: string;
  /** The original path, normalized (no query, no dot segments, no doubled or trailing slashes). */
  path: string;
  /** The LiteLLM route groups the path belongs to (see litellm-routes). */
  groups: ReadonlySet<LitellmRouteGroup>;
  /** The client address as the proxy reported it. */
  clientIp: string | null;
}

/** A model list and budget of one entity the request is charged to (LiteLLM's key, team, organization, user). */
export interface UsageLimits {
  /** The virtual key the request came with; null for other credentials. */
  key: { label: string; models: readonly string[]; maxBudget: number | null; spend: number } | null;
  /** The key's team. */
  team: { id: string; models: readonly string[]; maxBudget: number | null; spend: number } | null;
  /** The organization of the team (or of the key). */
  organization: { id: string; models: readonly string[] } | null;
  /** The user the credential acts for. */
  user: { id: string; maxBudget: number | null; spend: number } | null;
}

/** Why the limits refuse the request: the model is outside a list, or a budget is spent. */
export type UsageLimitDenial =
  | { kind: 'key_model' | 'team_model' | 'org_model'; allowed: readonly string[]; model: string; entity: string }
  | { kind: 'key_budget' | 'team_budget' | 'user_budget'; spend: number; maxBudget: number; entity: string };
