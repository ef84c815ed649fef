/** The parts of an OpenAPI 3 document the fuzzer reads: every operation with its parameters and body schema. */
export interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  format?: string;
  nullable?: boolean;
  items?: Schema;
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  required?: string[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  schema?: Schema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface NamedSchema {
  name: string;
  schema: Schema;
}

export interface FuzzOperation {
  method: string;
  /** As documented, with `{name}` placeholders. */
  path: string;
  /** Taken from the template too: some routes do not document theirs. */
  pathParams: string[];
  query: NamedSchema[];
  headers: NamedSchema[];
  /** The JSON body schema with every `$ref` resolved, or undefined when the operation takes no body. */
  body?: Schema;
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'search']);

export function operationsOf(document: OpenApiDocument): FuzzOperation[] {
  const schemas = document.components?.schemas ?? {};
  const operations: FuzzOperation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const parameters = operation.parameters ?? [];
      const named = (where: Parameter['in']) =>
        parameters.filter((p) => p.in === where).map((p) => ({ name: p.name, schema: resolve(p.schema ?? {}, schemas) }));
      const json = operation.requestBody?.content?.['application/json']?.schema;
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]),
        query: named('query'),
        headers: named('header'),
        body: json ? resolve(json, schemas) : undefined,
      });
    }
  }
  return operations;
}

/** Inlines `$ref`s (and merges `allOf`), stopping at a depth that recursive schemas cannot pass. */
function resolve(schema: Schema, schemas: Record<string, Schema>, depth = 0): Schema {
  if (depth > 8) return { type: 'object' };
  if (schema.$ref) return resolve(schemas[schema.$ref.split('/').pop() ?? ''] ?? {}, schemas, depth + 1);
  const resolved: Schema = { ...schema };
  if (schema.allOf) {
    const parts = schema.allOf.map((part) => resolve(part, schemas, depth + 1));
    return Object.assign({}, ...parts, { allOf: undefined });
  }
  if (schema.items) resolved.items = resolve(schema.items, schemas, depth + 1);
  if (schema.properties) {
    resolved.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, resolve(v, schemas, depth + 1)]));
  }
  if (typeof schema.additionalProperties === 'object')
    resolved.additionalProperties = resolve(schema.additionalProperties, schemas, depth + 1);
  for (const key of ['oneOf', 'anyOf'] as const) {
    if (schema[key]) resolved[key] = schema[key].map((part) => resolve(part, schemas, depth + 1));
  }
  return resolved;
}
