import { describe, expect, it } from 'vitest';
import { thrownTriadError } from '../test-support/refusals.js';
import { parseInput, parseOutput, requireMethodName } from './validate.js';

describe('contract validation', () => {
  it('names the unknown method instead of failing somewhere deeper', () => {
    const error = thrownTriadError(() => requireMethodName('project.delete'));
    expect(error.code).toBe('unknown_method');
    expect(error.message).toBe('unknown method "project.delete": the backend has no such method');
  });

  it('says what was sent when the method name is not even a string', () => {
    expect(thrownTriadError(() => requireMethodName(42)).message).toContain('unknown method a number');
    expect(thrownTriadError(() => requireMethodName(null)).message).toContain('unknown method a null');
  });

  it('points at the field and the problem for a wrongly typed input', () => {
    const error = thrownTriadError(() => parseInput('project.open', { path: 5 }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe('project.open: invalid input: path: a project path must be a string');
  });

  it("says what a model's input columns must be when they are neither a list nor lists by input", () => {
    const refusal = (inputColumns: unknown) =>
      thrownTriadError(() => parseInput('models.import', { path: 'm.onnx', name: 'm', inputColumns })).message;
    const shape = "must be a list of column names, or each input's list of column names by the input's name";
    expect(refusal(5)).toBe(`models.import: invalid input: inputColumns: ${shape}`);
    expect(refusal({ x: ['a', 5] })).toBe(`models.import: invalid input: inputColumns: ${shape}`);
    expect(refusal({})).toBe('models.import: invalid input: inputColumns: name the columns of at least one input');
    expect(parseInput('models.import', { path: 'm.onnx', name: 'm', inputColumns: { x: ['a'] } }).inputColumns).toEqual(
      {
        x: ['a'],
      },
    );
  });

  it('refuses a missing required field', () => {
    expect(thrownTriadError(() => parseInput('project.open', {})).message).toMatch(
      /^project\.open: invalid input: path: /,
    );
  });

  it('refuses fields the method does not take', () => {
    const error = thrownTriadError(() => parseInput('project.open', { path: '/tmp/x', force: true }));
    expect(error.message).toContain('project.open: invalid input');
    expect(error.message).toContain('force');
  });

  it('refuses an input that is not an object at all', () => {
    expect(thrownTriadError(() => parseInput('settings.setRole', 'ml-engineer')).code).toBe('invalid_input');
  });

  it('refuses a role that does not exist, listing where it went wrong', () => {
    const error = thrownTriadError(() => parseInput('settings.setRole', { role: 'manager' }));
    expect(error.message).toMatch(/^settings\.setRole: invalid input: role: /);
  });

  it('trims and accepts a valid input, and treats a missing input as empty', () => {
    expect(parseInput('project.open', { path: '  /tmp/project  ' })).toEqual({ path: '/tmp/project' });
    expect(parseInput('services.list', undefined)).toEqual({});
  });

  it('rejects an output that breaks the contract', () => {
    const error = thrownTriadError(() => parseOutput('settings.get', { role: 'data-engineer' }));
    expect(error.code).toBe('invalid_output');
    expect(error.message).toContain('lastProjectPath');
  });
});
