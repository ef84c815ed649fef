/**
 * The one permission catalogue: `resource.action` strings (ContextForge's, plus `keys.*` for the LiteLLM key
 * routes, `organizations.*` for LiteLLM's organizations). `*` grants everything. A role naming anything else is refused.
 */
const RESOURCE_ACTIONS = {
  users: ['create', 'read', 'update', 'delete', 'invite'],
  teams: ['create', 'read', 'update', 'delete', 'join', 'manage_members'],
  tools: ['create', 'read', 'update', 'delete', 'execute', 'preview', 'manage_plugins'],
  plugins: ['read'],
  resources: ['create', 'read', 'update', 'delete', 'share'],
  gateways: ['create', 'read', 'update', 'delete'],
  prompts: ['create', 'read', 'update', 'delete', 'execute'],
  llm: ['read', 'invoke'],
  servers: ['create', 'read', 'use', 'update', 'delete', 'manage'],
  tokens: ['create', 'read', 'update', 'revoke'],
  admin: [
    'system_config',
    'user_management',
    'security_audit',
    'compliance',
    'overview',
    'dashboard',
    'events',
    'metrics',
    'export',
    'import',
  ],
  a2a: ['create', 'read', 'update', 'delete', 'invoke'],
  tags: ['read', 'create', 'update', 'delete'],
  keys: ['generate', 'read', 'update', 'delete', 'regenerate', 'block'],
  organizations: ['create', 'read', 'update', 'delete', 'manage_members'],
} as const;

/** ContextForge spells these with a colon. */
const COLON_PERMISSIONS = ['logs:read', 'metrics:read', 'audit:read', 'security:read'] as const;

type ResourceName = keyof typeof RESOURCE_ACTIONS;
export type Permission =
  { [R in ResourceName]: `${R}.${(typeof RESOURCE_ACTIONS)[R][number]}` }[ResourceName] | (typeof COLON_PERMISSIONS)[number];

export const WILDCARD = '*';

export const ALL_PERMISSIONS: readonly Permission[] = [
  ...(Object.entries(RESOURCE_ACTIONS) as [ResourceName, readonly string[]][]).flatMap(([resource, actions]) =>
    actions.map((action) => `${resource}.${action}` as Permission),
  ),
  ...COLON_PERMISSIONS,
];

const KNOWN = new Set<string>([...ALL_PERMISSIONS, WILDCARD]);

export function isKnownPermission(value: string): boolean {
  return KNOWN.has(value);
}

/** Every permission of one resource (`gateways.*` in the role tables). */
export function allOf(resource: ResourceName): Permission[] {
  return RESOURCE_ACTIONS[resource].map((action) => `${resource}.${action}` as Permission);
}

/** Permissions that only read: what viewer roles and read-only keys keep. */
export function isReadPermission(permission: string): boolean {
  return permission.endsWith('.read') || permission.endsWith(':read');
}
