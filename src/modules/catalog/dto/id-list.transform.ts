import { Transform } from 'class-transformer';

/** `associated_tools` and friends: a list of ids, or ContextForge's comma-separated string of them. */
export const IdList = () =>
  Transform(({ value }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((part) => part.trim())
          .filter((part) => part.length > 0)
      : value,
  );
