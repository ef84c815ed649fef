import { Transform } from 'class-transformer';

/**
 * A boolean query parameter as FastAPI reads it (`true/false`, `1/0`, `yes/no`, `on/off`, any case); anything else
 * stays a string and fails the `@IsBoolean()` beside it (422 at `["query", name]`).
 */
export const BooleanQuery = () =>
  Transform(({ value }) => {
    if (typeof value !== 'string') return value;
    const lower = value.toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(lower)) return true;
    if (['false', '0', 'no', 'off'].includes(lower)) return false;
    return value;
  });
