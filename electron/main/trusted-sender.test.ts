import { describe, expect, it } from 'vitest';
import { isTrustedAppUrl, isTrustedSender } from './trusted-sender.js';

const topFrame = (url: string) => ({ senderFrame: { url, parent: null } });

describe('IPC sender validation', () => {
  it('trusts the top frame of the app page', () => {
    expect(isTrustedSender(topFrame('app://triad/index.html'))).toBe(true);
    expect(isTrustedSender(topFrame('app://triad/'))).toBe(true);
  });

  it('refuses any other origin, scheme or host', () => {
    for (const url of [
      'https://triad/index.html',
      'http://127.0.0.1:8617/',
      'file:///opt/Triad/resources/app.asar/dist/renderer/index.html',
      'app://evil/index.html',
      'app://triad.evil.example/',
      'app://user:pass@triad/',
      'devtools://devtools/bundled/inspector.html',
      'about:blank',
      '',
      'not a url',
    ]) {
      expect(isTrustedSender(topFrame(url)), url).toBe(false);
    }
  });

  it('refuses a subframe even on the app origin, and a sender whose frame is gone', () => {
    expect(isTrustedSender({ senderFrame: { url: 'app://triad/index.html', parent: {} } })).toBe(false);
    expect(isTrustedSender({ senderFrame: null })).toBe(false);
    expect(isTrustedAppUrl(undefined)).toBe(false);
  });
});
