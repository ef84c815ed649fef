/**
 * The bench's baseline: the same Fastify the application runs on, one route, nothing else (`GET /` → 200 JSON).
 * Started as its own process by bench/run.ts (PORT from the environment).
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
