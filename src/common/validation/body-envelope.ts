import 'reflect-metadata';
import { badRequest } from '../errors/domain-error.js';

/**
 * A create body FastAPI embeds under its model's name: `POST /tools {"tool": {...}, "team_id": ..., "visibility": ...}`.
 * `key` is the embedded object, `outer` the fields that sit beside it.
 */
export interface BodyEnvelopeSpec {
  key: string;
  outer: readonly string[];
}

const BODY_ENVELOPE = Symbol('body-envelope');

/**
 * On a request DTO: the body may come nested (ContextForge's shape) or flat (every field at the top), and an outer
 * field may also be given inside the nested object. `RequestShapeGuard` rewrites all three to the nested shape before
 * the permission guard reads the body, so the team it authorizes is the team the service uses.
 */
export function BodyEnvelope(spec: BodyEnvelopeSpec): ClassDecorator {
  return (target) => Reflect.defineMetadata(BODY_ENVELOPE, spec, target);
}

export function bodyEnvelopeOf(type: unknown): BodyEnvelopeSpec | undefined {
  return typeof type === 'function' ? (Reflect.getMetadata(BODY_ENVELOPE, type) as BodyEnvelopeSpec | undefined) : undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const isAbsent = (value: unknown): boolean => value === undefined || value === null || value === '';

/**
 * The body in the nested shape: a flat body is wrapped (outer fields stay outside); an outer field found inside the
 * nested object moves out. The same outer field given both inside and outside with different values is a 400: the
 * request must name one team, never one for the check and another for the write. Anything that is not an object
 * (or whose nested value is not one) is left for the validators to refuse.
 */
export function unwrapBodyEnvelope(body: unknown, spec: BodyEnvelopeSpec): unknown {
  if (!isObject(body)) return body;
  const nested = body[spec.key];
  if (nested === undefined || nested === null) {
    const inner: Record<string, unknown> = {};
    const result: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(body)) {
      if (name === spec.key) continue;
      if (spec.outer.includes(name)) result[name] = value;
      else inner[name] = value;
    }
    return { ...result, [spec.key]: inner };
  }
  if (!isObject(nested)) return body;
  const inner = { ...nested };
  const result: Record<string, unknown> = { ...body, [spec.key]: inner };
  for (const name of spec.outer) {
    if (!Object.prototype.hasOwnProperty.call(inner, name)) continue;
    const innerValue = inner[name];
    delete inner[name];
    if (isAbsent(innerValue)) continue;
    if (isAbsent(body[name])) result[name] = innerValue;
    else if (body[name] !== innerValue) {
      throw badRequest(`${name} is given both in ${spec.key} and beside it, with different values: give it once`, name);
    }
  }
  return result;
}
