import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../../auth/route-decision.js';
import { notFound } from '../../common/errors/domain-error.js';

const resolvePackageFile = createRequire(import.meta.url).resolve;
const own = (name: string) => fileURLToPath(new URL(`./assets/${name}`, import.meta.url));

/** Everything the pages load comes from here: our own script and styles, and htmx from its npm package. */
const ASSETS: Record<string, { path: string; type: string }> = {
  'admin.js': { path: own('admin.js'), type: 'text/javascript; charset=utf-8' },
  'admin.css': { path: own('admin.css'), type: 'text/css; charset=utf-8' },
  'htmx.min.js': { path: resolvePackageFile('htmx.org/dist/htmx.min.js'), type: 'text/javascript; charset=utf-8' },
};

/** Read once, at the first request for each file. */
const cache = new Map<string, Buffer>();

@ApiTags('Admin UI')
@Controller('admin/static')
export class AdminAssetsController {
  @Get(':name')
  @Public()
  @ApiOperation({ summary: 'Script and styles of the admin pages (no CDN)' })
  @Header('Cache-Control', 'public, max-age=300')
  asset(@Param('name') name: string, @Res() reply: FastifyReply) {
    const asset = Object.prototype.hasOwnProperty.call(ASSETS, name) ? ASSETS[name] : undefined;
    if (!asset) throw notFound('File');
    let body = cache.get(name);
    if (!body) {
      body = readFileSync(asset.path);
      cache.set(name, body);
    }
    return reply.type(asset.type).send(body);
  }
}
