import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { getDefaultParser } from '@nestjs/config';
import { envSchema } from './env.validation.js';

/** `.env.example` is what operators copy: it must pass the validation the server applies, and name everything. */
describe('.env.example', () => {
  const text = readFileSync(join(process.cwd(), '.env.example'), 'utf8');
  const schemaKeys = Object.keys((envSchema.describe() as { keys: Record<string, unknown> }).keys);
  // Variables shown, set or commented out (`# SMTP_HOST=...`).
  const mentioned = new Set([...text.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));

  it('validates as it is, even with NODE_ENV=production', () => {
    const parsed = getDefaultParser()(Buffer.from(text));
    expect(parsed.JWT_SECRET).toBeDefined();
    for (const nodeEnv of [parsed.NODE_ENV, 'production']) {
      const { error } = envSchema.validate({ ...parsed, NODE_ENV: nodeEnv }, { abortEarly: false });
      expect(error?.message).toBeUndefined();
    }
  });

  it('names every variable the server validates', () => {
    expect(schemaKeys.length).toBeGreaterThan(20);
    expect(schemaKeys.filter((key) => !mentioned.has(key))).toEqual([]);
  });

  it('names no variable the server does not know (a typo would be silently ignored), besides compose.yaml’s own', () => {
    const composeOnly = ['POSTGRES_PASSWORD', 'PORTCULLIS_PORT'];
    const compose = readFileSync(join(process.cwd(), 'compose.yaml'), 'utf8');
    for (const name of composeOnly) expect(compose).toContain(`\${${name}:`);
    expect([...mentioned].filter((key) => !schemaKeys.includes(key) && !composeOnly.includes(key))).toEqual([]);
  });
});
