import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { Body, type ExecutionContext, Query } from '@nestjs/common';
import { IsArray, IsOptional, IsString } from 'class-validator';
import { DomainError } from '../errors/domain-error.js';
import { BodyEnvelope } from './body-envelope.js';
import { RequestShapeGuard } from './request-shape.guard.js';

class ListQuery {
  @IsOptional()
  @IsString()
  visibility?: string;

  @IsOptional()
  @IsArray()
  ids?: string[];
}

@BodyEnvelope({ key: 'tool', outer: ['team_id'] })
class CreateBody {
  @IsOptional()
  tool?: object;
}

class Controller {
  list(@Query() query: ListQuery, @Query('names') names: string[], @Query('one') one: string) {
    return [query, names, one];
  }

  create(@Body() body: CreateBody) {
    return body;
  }
}

function run(method: 'list' | 'create', request: { query?: unknown; body?: unknown }) {
  const context = {
    getType: () => 'http',
    getClass: () => Controller,
    getHandler: () => Controller.prototype[method],
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  expect(new RequestShapeGuard().canActivate(context)).toBe(true);
  return request;
}

describe('RequestShapeGuard', () => {
  it('keeps the last value of repeated scalar parameters and the lists the route declares', () => {
    const request = run('list', {
      query: { visibility: ['public', 'team'], ids: ['a', 'b'], names: ['x', 'y'], one: ['1', '2'], undeclared: ['p', 'q'] },
    });
    expect(request.query).toEqual({ visibility: 'team', ids: ['a', 'b'], names: ['x', 'y'], one: '2', undeclared: 'q' });
  });

  it("rewrites a body to its DTO's nested shape, and refuses two different teams", () => {
    expect(run('create', { body: { name: 't', team_id: 'A' } }).body).toEqual({ tool: { name: 't' }, team_id: 'A' });
    expect(run('create', { body: { tool: { name: 't', team_id: 'B' } } }).body).toEqual({ tool: { name: 't' }, team_id: 'B' });
    expect(() => run('create', { body: { tool: { team_id: 'B' }, team_id: 'A' } })).toThrow(DomainError);
  });

  it('leaves bodies of routes without an envelope alone', () => {
    const body = { name: 't', team_id: 'A' };
    expect(run('list', { query: {}, body }).body).toBe(body);
  });
});
