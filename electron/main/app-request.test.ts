import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fuzzedTarget } from '../../shared/test-support/fuzzed-targets.js';
import { seededRandom } from '../../shared/test-support/seeded-random.js';
import { decideAppRequest } from './app-request.js';

const ROOT = join(sep, 'opt', 'triad', 'renderer');

describe('decideAppRequest', () => {
  it('serves index.html for the root, and a renderer file with its type', () => {
    expect(decideAppRequest('app://triad/', ROOT)).toEqual({
      kind: 'file',
      path: '/',
      file: join(ROOT, 'index.html'),
      contentType: 'text/html; charset=utf-8',
    });
    expect(decideAppRequest('app://triad/assets/app%20one.js?v=1', ROOT)).toMatchObject({
      file: join(ROOT, 'assets', 'app one.js'),
      contentType: 'text/javascript; charset=utf-8',
    });
  });

  it('answers a malformed percent-escape with a 400 instead of failing the request', () => {
    expect(decideAppRequest('app://triad/%E0%A4%A', ROOT)).toEqual({
      kind: 'refusal',
      status: 400,
      message: 'the path "/%E0%A4%A" has a malformed percent-escape',
    });
  });

  it('refuses another host and any path leading outside the renderer folder', () => {
    expect(decideAppRequest('app://evil/index.html', ROOT)).toEqual({
      kind: 'refusal',
      status: 404,
      message: 'unknown host evil',
    });
    expect(decideAppRequest('app://triad/..%2f..%2fetc%2fpasswd', ROOT)).toMatchObject({
      kind: 'refusal',
      status: 403,
    });
  });

  it('decides every fuzzed URL without throwing: a file inside the folder, or a 4xx refusal', () => {
    const random = seededRandom(20_240_603);
    for (let round = 0; round < 400; round += 1) {
      const target = fuzzedTarget(random, ['/', '/index.html', '/assets/app.js', '/favicon.svg']);
      const url = target.startsWith('/') ? `app://triad${target}` : target;
      const decision = decideAppRequest(url, ROOT);
      if (decision.kind === 'file') expect(decision.file.startsWith(ROOT + sep), url).toBe(true);
      else expect(decision.status >= 400 && decision.status < 500 && decision.message !== '', url).toBe(true);
    }
  });
});
