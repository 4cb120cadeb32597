import { describe, expect, it } from 'vitest';
import { TriadError } from '../../../shared/contract/errors.js';
import { HandlerRegistry } from './handler-registry.js';

const SETTINGS = { role: 'data-engineer' as const, lastProjectPath: null };

describe('HandlerRegistry', () => {
  it('refuses two domains registering the same method', () => {
    const registry = new HandlerRegistry();
    registry.register('settings', { 'settings.get': () => SETTINGS });
    expect(() => registry.register('other', { 'settings.get': () => SETTINGS })).toThrow(
      'method settings.get is registered twice (by settings and by other)',
    );
  });

  it('lists the methods that have no handler', () => {
    const registry = new HandlerRegistry();
    registry.register('settings', { 'settings.get': () => SETTINGS });
    expect(() => registry.assertComplete()).toThrow(/no handler for: app\.info, project\.current/);
  });

  it('answers a malformed call with a specific error instead of throwing', async () => {
    const registry = new HandlerRegistry();
    let called = false;
    registry.register('settings', {
      'settings.setRole': () => {
        called = true;
        return SETTINGS;
      },
    });
    const reply = await registry.invoke('settings.setRole', { role: 7 });
    expect(reply).toEqual({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/^settings\.setRole: invalid input: role: /) },
    });
    expect(called).toBe(false);
  });

  it('answers an unknown method with unknown_method', async () => {
    const reply = await new HandlerRegistry().invoke('tables.truncate', {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('passes a domain error through unchanged and turns a crash into an internal error', async () => {
    const logged: string[] = [];
    const registry = new HandlerRegistry((message) => logged.push(message));
    registry.register('project', {
      'project.open': () => {
        throw new TriadError('not_a_project', 'no triad.sqlite here');
      },
      'project.current': () => {
        throw new RangeError('boom');
      },
    });
    expect(await registry.invoke('project.open', { path: '/x' })).toEqual({
      ok: false,
      error: { code: 'not_a_project', message: 'no triad.sqlite here' },
    });
    expect(await registry.invoke('project.current', {})).toEqual({
      ok: false,
      error: { code: 'internal', message: 'boom' },
    });
    expect(logged[0]).toContain('project.current failed: RangeError: boom');
  });

  it('checks the handler output against the contract', async () => {
    const registry = new HandlerRegistry();
    registry.register('settings', { 'settings.get': () => ({ role: 'nobody' }) as never });
    expect(await registry.invoke('settings.get', {})).toMatchObject({ ok: false, error: { code: 'invalid_output' } });
  });
});
