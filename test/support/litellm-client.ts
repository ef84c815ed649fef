import { expect } from '@jest/globals';
import type supertest from 'supertest';
import { MASTER_KEY } from './test-app.js';

/** Small helpers that speak the LiteLLM surface the way its clients do. */
export function litellm(http: () => supertest.Agent) {
  const post = (path: string, key: string, body: object = {}) => http().post(path).set('Authorization', `Bearer ${key}`).send(body);
  const get = (path: string, key: string) => http().get(path).set('Authorization', `Bearer ${key}`);
  return {
    post,
    get,
    async newTeam(body: object = {}) {
      const res = await post('/team/new', MASTER_KEY, body);
      if (res.status !== 200) throw new Error(`team/new: ${res.status} ${res.text}`);
      return res.body as { team_id: string };
    },
    async newUser(body: object) {
      const res = await post('/user/new', MASTER_KEY, body);
      if (res.status !== 200) throw new Error(`user/new: ${res.status} ${res.text}`);
      return res.body as { user_id: string; key: string };
    },
    async generate(key: string, body: object = {}) {
      return post('/key/generate', key, body);
    },
    async adminKey(body: object) {
      const res = await post('/key/generate', MASTER_KEY, body);
      if (res.status !== 200) throw new Error(`key/generate: ${res.status} ${res.text}`);
      return res.body as { key: string; token: string; team_id: string | null; user_id: string | null };
    },
  };
}

/** Every LiteLLM error: exactly `{"error": {message, type, param, code: "<status>"}}`, with one of `status`. */
export function expectLitellmError(res: supertest.Response, status: number | readonly number[], type?: string): void {
  const statuses: readonly number[] = typeof status === 'number' ? [status] : status;
  const seen = { status: res.status, body: res.body as unknown };
  expect({ ...seen, statusAllowed: statuses.includes(res.status) }).toEqual({ ...seen, statusAllowed: true });
  expect(Object.keys(res.body)).toEqual(['error']);
  expect(res.body.error).toEqual({
    message: expect.any(String),
    type: type ?? expect.any(String),
    param: res.body.error.param === null ? null : expect.any(String),
    code: String(res.status),
  });
  expect(res.body.error.message.length).toBeGreaterThan(0);
}
