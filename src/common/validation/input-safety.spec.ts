import { describe, expect, it } from '@jest/globals';
import { displayTextProblem, nameProblem, toolNameProblem, uriProblem, urlProblem } from './input-safety.js';

describe('nameProblem (ContextForge validate_name)', () => {
  it.each(['rbac-e2e-team-1a2b3c4d', 'Team Alpha', 'a.b_c-d', 'x'])('accepts %p', (name) => expect(nameProblem(name)).toBeNull());
  it.each([
    ['<script>alert(1)</script>', 'can only contain'],
    ['name"quoted', 'can only contain'],
    ["o'brien", 'can only contain'],
    ['a/b', 'can only contain'],
    ['tab\tname', 'can only contain'],
    ['', 'cannot be empty'],
    ['a'.repeat(256), 'exceeds maximum length of 255'],
  ])('refuses %p', (name, why) => expect(nameProblem(name, 'Team name')).toContain(why));
  it('names the field', () => expect(nameProblem('<b>', 'Team name')).toMatch(/^Team name /));
});

describe('toolNameProblem (validate_tool_name, SEP-986)', () => {
  it.each(['weather-lookup', '_5gpt_query', 'namespace/subtool', 'rbac-e2e-api-dev-tool-1a2b3c4d'])('accepts %p', (name) =>
    expect(toolNameProblem(name)).toBeNull(),
  );
  it.each(['<script>', 'has space', '-leading-dash', 'a"b', ''])('refuses %p', (name) => expect(toolNameProblem(name)).not.toBeNull());
});

describe('uriProblem (validate_uri)', () => {
  it.each(['file:///rbac-test/rbac-e2e-api-dev-res-1a2b3c4d', 'test://docs/readme', 'https://example.com/a?b=c&d=%20e'])(
    'accepts %p',
    (uri) => expect(uriProblem(uri)).toBeNull(),
  );
  it.each([
    ['file:///etc/../passwd', 'directory traversal'],
    ['../secret', 'directory traversal'],
    ['file:///a/%2e%2e/b', 'directory traversal'],
    ['file:///a/%252e%252e/b', 'double-encoded'],
    ['file:///<script>', 'HTML special characters'],
    ['file:///a\\b', 'HTML special characters'],
    ['file:///a%0ab', 'control characters'],
    ['file:///a b', 'invalid characters'],
    ['file:///%zz', 'invalid percent-encoding'],
    [`file:///${'a'.repeat(260)}`, 'exceeds maximum length'],
    ['', 'cannot be empty'],
  ])('refuses %p', (uri, why) => expect(uriProblem(uri)).toContain(why));
});

describe('urlProblem (validate_url, without the address policy)', () => {
  it.each(['https://example.com/api/tool', 'http://127.0.0.1:8002/sse', 'wss://example.com/ws', 'https://example.com/a%20b?q=1'])(
    'accepts %p',
    (url) => expect(urlProblem(url)).toBeNull(),
  );
  it.each([
    ['javascript:alert(1)', 'must start with one of'],
    ['ftp://example.com', 'must start with one of'],
    ['//example.com/path', 'must start with one of'],
    ['https://example.com?next=javascript:alert(1)', 'dangerous protocol'],
    ['https://example.com/%0d%0aX:1', 'control characters'],
    ['https://example.com/%253Cscript%253E', 'double-encoded'],
    ['https://example.com/<script>', 'HTML tags'],
    ['https://example.com/?x=%3Cscript%3E', 'HTML tags'],
    ['https://example.com/a?onload=alert(1)', 'script patterns'],
    ['https://', 'not a valid URL'],
    [`https://example.com/${'a'.repeat(2100)}`, 'exceeds maximum length of 2048'],
  ])('refuses %p', (url, why) => expect(urlProblem(url)).toContain(why));
});

describe('displayTextProblem (validate_no_xss)', () => {
  it.each(['RBAC API test tool', 'Uses <b>bold</b> text', '50% off & more', 'x < y'])('accepts %p', (text) =>
    expect(displayTextProblem(text)).toBeNull(),
  );
  it.each([
    ['<script>alert(1)</script>', 'HTML tags'],
    ['<IMG src=x>', 'HTML tags'],
    ['%3Ciframe%3E', 'HTML tags'],
    ['click javascript:void(0)', 'script patterns'],
    ['<div onclick = "x()">', 'script patterns'],
  ])('refuses %p', (text, why) => expect(displayTextProblem(text)).toContain(why));
});
