/**
 * Why the permission engine said no, carried on an ACCESS_DENIED error so each surface can answer the way its
 * clients expect (LiteLLM distinguishes team-member denials; ContextForge says only "Access denied").
 */
export interface AccessDenial {
  permission: string;
  /** The team the decision was made in, if any. */
  teamId: string | null;
  reason:
    | 'NOT_TEAM_MEMBER' // the caller is not in the team the request names
    | 'TEAM_MEMBER_PERMISSION' // a plain member whose team does not allow this route
    | 'ADMIN_ONLY' // a platform-wide permission nobody but admins holds
    | 'MISSING_PERMISSION'
    | 'NOT_VISIBLE' // the resource is hidden from the caller (ContextForge: 404)
    | 'READ_ONLY' // a viewer role asked to change something
    | 'KEY_TYPE' // the virtual key's key_type does not allow this route
    | 'NOT_JOINABLE' // the team takes members by invitation only
    | 'KEY_ROUTES' // the virtual key's allowed_routes do not include the route
    | 'TEAM_CREATION_DISABLED' // users may not create teams here (ALLOW_TEAM_CREATION=false)
    | 'TOKEN_PERMISSIONS' // outside the API token's permission subset
    | 'TOKEN_SERVER' // the API token is limited to another virtual server
    | 'TOKEN_IP' // the request comes from an address the API token does not allow
    | 'TOKEN_TIME' // outside the API token's time window
    | 'TOKEN_MANAGEMENT'; // API tokens cannot manage tokens
  /** For TOKEN_IP: the client address, named in ContextForge's answer. */
  clientIp?: string | null;
  /** For NOT_VISIBLE: what the surfaces call the hidden resource ("Tool"). */
  resourceLabel?: string;
  /** The route template that was called, e.g. `/key/update`. */
  route: string;
  /** For TEAM_MEMBER_PERMISSION: the key routes the member may call. */
  allowedRoutes?: string[];
  /** The caller's LiteLLM-style id, for messages. */
  callerId?: string | null;
}
