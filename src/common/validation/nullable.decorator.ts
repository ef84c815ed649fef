const NULLABLE = 'portcullis:nullable';
/** Where @nestjs/swagger keeps a property's options (`@ApiProperty({ nullable: true })`). */
const SWAGGER_PROPERTY = 'swagger/apiModelProperties';

/**
 * Marks a DTO property that takes an explicit `null` (LiteLLM's "clear it": `max_budget: null` on an update;
 * ContextForge's `team_id: null` for "no team"). Every other property refuses `null` with a 422, even when it is
 * optional: class-validator's `@IsOptional()` lets `null` through to services that do not expect it. A property
 * documented as nullable for Swagger (`@ApiProperty({ nullable: true })`) takes `null` too, so that the document
 * and the validation say the same.
 */
export function Nullable(): PropertyDecorator {
  return (target, property) => Reflect.defineMetadata(NULLABLE, true, target, property);
}

export function acceptsNull(prototype: object, property: string): boolean {
  if (Reflect.getMetadata(NULLABLE, prototype, property) === true) return true;
  return (Reflect.getMetadata(SWAGGER_PROPERTY, prototype, property) as { nullable?: unknown } | undefined)?.nullable === true;
}
