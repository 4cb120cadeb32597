import { describe, expect, it } from 'vitest';
import { fuzzedTarget } from '../test-support/fuzzed-targets.js';
import { seededRandom } from '../test-support/seeded-random.js';
import { parseRequestTarget } from './request-target.js';
import { contentTypeOf, staticPathOf } from './static-path.js';

describe('staticPathOf', () => {
  it('names index.html for the root and a file by its segments', () => {
    expect(staticPathOf([''])).toEqual({ ok: true, relative: 'index.html' });
    expect(staticPathOf(['assets', 'app one.js'])).toEqual({ ok: true, relative: 'assets/app one.js' });
    expect(staticPathOf(['', 'assets', '.', 'app.js'])).toEqual({ ok: true, relative: 'assets/app.js' });
  });

  it('refuses every way out of the folder, on POSIX and Windows alike', () => {
    for (const segments of [
      ['..', 'etc', 'passwd'],
      ['assets', '..', '..', 'secret'],
      ['../../etc/passwd'],
      ['..\\..\\windows\\win.ini'],
      ['C:', 'windows'],
      ['C:secret'],
      ['index.html:stream'],
      ['index.html\0.js'],
    ]) {
      const decision = staticPathOf(segments);
      expect(decision.ok, segments.join('|')).toBe(false);
      if (!decision.ok) expect(decision.message).toContain("leads outside the app's folder");
    }
  });

  it('keeps every fuzzed request inside the folder: no segment of the answer can climb out', () => {
    const random = seededRandom(20_261_202);
    for (let round = 0; round < 1000; round += 1) {
      const parsed = parseRequestTarget(fuzzedTarget(random, ['/', '/index.html', '/assets/app.js']));
      if (!parsed.ok) continue;
      const decision = staticPathOf(parsed.target.segments);
      if (!decision.ok) continue;
      for (const segment of decision.relative.split('/')) {
        expect(['', '.', '..']).not.toContain(segment);
        expect(segment).not.toMatch(/[\\:\0]/);
      }
    }
  });
});

describe('contentTypeOf', () => {
  it('types renderer files by extension, whatever the folder or case', () => {
    expect(contentTypeOf('/opt/triad/renderer/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('C:\\triad\\assets\\APP.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('assets/font.woff2')).toBe('font/woff2');
    expect(contentTypeOf('assets/.hidden')).toBe('application/octet-stream');
    expect(contentTypeOf('LICENSE')).toBe('application/octet-stream');
  });
});
