import { describe, expect, it } from 'vitest';
import { isTrustedAppUrl, isTrustedSender } from './trusted-sender.js';

const topFrame = (url: string) => ({ senderFrame: { url, parent: null } });

describe('IPC sender validation', () => {
  it('trusts the top frame of the app page', () => {
    expect(isTrustedSender(topFrame('app://triad/index.html'))).toBe(true);
    expect(isTrustedSender(topFrame('app://triad/'))).toBe(true);
  });

  it('trusts the app page at any in-page address, so the navigation guard lets Back and Forward through', () => {
    for (const url of [
      'app://triad/index.html#/data-engineer/tables/flights',
      'app://triad/index.html#/data-scientist/explore/a%2Fb%20c',
      'app://triad/#/ml-engineer',
    ]) {
      expect(isTrustedAppUrl(url), url).toBe(true);
    }
    expect(isTrustedAppUrl('app://evil/index.html#/data-engineer')).toBe(false);
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
