import { describe, expect, it } from 'vitest';
import { chooseModelPort } from './model-port.js';

describe('chooseModelPort', () => {
  it('leaves the port to the default when TRIAD_MODEL_PORT is unset or empty', () => {
    expect(chooseModelPort({})).toEqual({ port: undefined });
    expect(chooseModelPort({ TRIAD_MODEL_PORT: '' })).toEqual({ port: undefined });
  });

  it('takes a port from 0 to 65535', () => {
    expect(chooseModelPort({ TRIAD_MODEL_PORT: '0' })).toEqual({ port: 0 });
    expect(chooseModelPort({ TRIAD_MODEL_PORT: '9000' })).toEqual({ port: 9000 });
  });

  it('says what is wrong with a value that is not a port', () => {
    for (const value of ['abc', '70000', '-1', '8618.5'])
      expect(chooseModelPort({ TRIAD_MODEL_PORT: value })).toEqual({
        problem: `TRIAD_MODEL_PORT is "${value}", which is not a port number (0 to 65535): set it to one, or unset it to use the default port.`,
      });
  });
});
