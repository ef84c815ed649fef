import { Transform } from 'class-transformer';

/** `transport: "sse"` is as good as `"SSE"`. */
export const upperCase = () => Transform(({ value }) => (typeof value === 'string' ? value.toUpperCase() : value));
