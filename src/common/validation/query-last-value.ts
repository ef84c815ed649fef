/**
 * FastAPI reads a repeated scalar query parameter (`?visibility=public&visibility=team`) as its last value;
 * Fastify's parser hands over a list. This collapses every list to its last item, except the parameters the route
 * declares as lists (`isList`), which stay lists.
 */
export function lastValueWins(query: unknown, isList: (name: string) => boolean): unknown {
  if (query === null || typeof query !== 'object' || Array.isArray(query)) return query;
  let changed = false;
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(query as Record<string, unknown>)) {
    if (Array.isArray(value) && !isList(name)) {
      result[name] = value[value.length - 1];
      changed = true;
    } else {
      result[name] = value;
    }
  }
  return changed ? result : query;
}
