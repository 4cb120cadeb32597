import type { SeededRandom } from './seeded-random.js';

/** Request targets a listener may meet: built from the paths it serves, then broken in every usual way. */

const BAD_ESCAPES = ['%', '%E0%A4%A', '%zz', '%00', '%C0%AF', '%ff%fe', '%2', '%%41', '%u0041'];
const ODD_TARGETS = [
  'http://[',
  'http://[::1',
  'http://evil.example/',
  'http://127.0.0.1:1/v2',
  'http://a@b/',
  '*',
  'example.com:443',
  '//',
  '/..',
  '/../../etc/passwd',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/a/../../b',
];
function insertAt(text: string, at: number, piece: string): string {
  return text.slice(0, at) + piece + text.slice(at);
}

export function randomText(r: SeededRandom, length: number, lowest: number): string {
  return Array.from({ length }, () => String.fromCharCode(lowest + r.int(256 - lowest))).join('');
}

export function fuzzedTarget(r: SeededRandom, paths: string[]): string {
  const base = r.pick(paths);
  switch (r.int(10)) {
    case 0:
    case 1:
    case 2:
      return insertAt(base, 1 + r.int(base.length), r.pick(BAD_ESCAPES));
    case 3:
      return `${base}?name=${r.pick(BAD_ESCAPES)}&${r.pick(BAD_ESCAPES)}=x`;
    case 4:
      return r.pick(ODD_TARGETS);
    case 5:
      return `${base}/${'a'.repeat(r.int(9_000))}`;
    case 6:
      return base + randomText(r, 1 + r.int(12), 33).replace(/[\x7f-\xff]/g, '');
    case 7:
      return base + randomText(r, 1 + r.int(12), 128);
    default:
      return base;
  }
}
