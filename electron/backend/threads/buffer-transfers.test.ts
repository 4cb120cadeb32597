import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { expectBufferTransfers } from './buffer-transfers.js';
import { compiledModuleUrl } from './compiled-module.js';

/**
 * Optimizes a function that reads a typed array, then transfers a buffer, in a Node process of its
 * own that traces V8's deoptimizations; returns how often the function's code was thrown away.
 */
function sumDeoptimizedByTransfer(readyFirst: boolean): number {
  const program = `
    const { expectBufferTransfers } = await import(${JSON.stringify(compiledModuleUrl('./buffer-transfers.js', import.meta.url).href)});
    if (${readyFirst}) expectBufferTransfers();
    function sum(values) { let total = 0; for (let i = 0; i < values.length; i += 1) total += values[i]; return total; }
    const values = new Float64Array(1000).fill(1);
    let total = 0;
    for (let round = 0; round < 20000; round += 1) total += sum(values);
    const moved = new ArrayBuffer(8);
    structuredClone(moved, { transfer: [moved] });
    console.log('total', total);`;
  const run = spawnSync(
    process.execPath,
    ['--trace-deopt', '--no-concurrent-recompilation', '--input-type=module', '-e', program],
    { encoding: 'utf8' },
  );
  expect(run.stdout).toContain('total 20000000');
  return run.stdout.split('\n').filter((line) => line.includes('marking dependent code') && line.includes('sum>'))
    .length;
}

describe('expectBufferTransfers', () => {
  it('spares optimized typed-array code from being thrown away at the first transfer', () => {
    expect(sumDeoptimizedByTransfer(false)).toBeGreaterThan(0);
    expect(sumDeoptimizedByTransfer(true)).toBe(0);
  });

  it('leaves the thread able to transfer buffers, their contents intact on the other side', () => {
    expectBufferTransfers();
    const buffer = new Float64Array([1.5, 2.5]).buffer;
    const moved = structuredClone(buffer, { transfer: [buffer] });
    expect(buffer.byteLength).toBe(0);
    expect([...new Float64Array(moved)]).toEqual([1.5, 2.5]);
  });
});
