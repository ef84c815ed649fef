/**
 * The largest `skip`, `offset` or `page` a listing takes. Beyond it Postgres refuses the OFFSET (bigint out of
 * range) or JavaScript loses integer precision; no real listing comes near it.
 */
export const MAX_PAGING_POSITION = 2_147_483_647;
