import { describe, expect, it } from 'vitest';
import { parseRequestTarget } from './request-target.js';

function target(raw: string | undefined) {
  const parsed = parseRequestTarget(raw);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.target;
}

function refusal(raw: string | undefined): string {
  const parsed = parseRequestTarget(raw);
  if (parsed.ok) throw new Error(`${raw} was accepted`);
  return parsed.message;
}

describe('parseRequestTarget', () => {
  it('decodes the path, each segment and the query of an origin-form target', () => {
    expect(target('/v2/models/a%2Fb/ready?name=my%20file.csv&name=second&flag&x=1+2')).toEqual({
      authority: null,
      path: '/v2/models/a/b/ready',
      segments: ['v2', 'models', 'a/b', 'ready'],
      query: new Map([
        ['name', 'my file.csv'],
        ['flag', ''],
        ['x', '1 2'],
      ]),
    });
    expect(target('/').segments).toEqual(['']);
    expect(target('//evil.example/x').path).toBe('//evil.example/x');
  });

  it('reads a path of plain characters as itself, the same as one with escapes or a query', () => {
    expect(target('/v2/models/breast_cancer/versions/2/infer')).toEqual({
      authority: null,
      path: '/v2/models/breast_cancer/versions/2/infer',
      segments: ['v2', 'models', 'breast_cancer', 'versions', '2', 'infer'],
      query: new Map(),
    });
    expect(target('/a//b/')).toEqual({ ...target('/a//b/?'), path: '/a//b/' });
    expect(target("/m@prod:1/x.y~z!$&'()*+,;=")).toEqual(target("/m@prod:1/x.y~z!$&'()*+,;=?"));
    expect(target('/a b').segments).toEqual(['a b']);
  });

  it('reads the host of an absolute-form target, of any scheme', () => {
    expect(target('http://127.0.0.1:8617/api/events')).toMatchObject({
      authority: '127.0.0.1:8617',
      path: '/api/events',
    });
    expect(target('app://triad')).toMatchObject({ authority: 'triad', path: '/' });
    expect(target('http://[::1]:80/?a=b#fragment')).toMatchObject({
      authority: '[::1]:80',
      query: new Map([['a', 'b']]),
    });
  });

  it('refuses what does not parse, saying why', () => {
    expect(refusal(undefined)).toBe('the request has no target');
    expect(refusal('')).toBe('the request has no target');
    expect(refusal('/v2/models/%E0%A4%A')).toBe('the path "/v2/models/%E0%A4%A" has a malformed percent-escape');
    expect(refusal('/%')).toBe('the path "/%" has a malformed percent-escape');
    expect(refusal('/a%00b')).toBe('the path "/a%00b" contains a NUL character');
    expect(refusal('/?name=%zz')).toBe('the query "name=%zz" has a malformed percent-escape');
    expect(refusal('http://[')).toBe('the request target "http://[" names a malformed host');
    expect(refusal('http://user@host/')).toBe('the request target "http://user@host/" names a malformed host');
    expect(refusal('*')).toBe('the request target "*" is neither a path nor an absolute URL');
    expect(refusal('example.com:443')).toBe(
      'the request target "example.com:443" is neither a path nor an absolute URL',
    );
    expect(refusal(`/${'%'.repeat(500)}`)).toMatch(/^the path "\/%{119}…" has a malformed percent-escape$/);
  });
});
