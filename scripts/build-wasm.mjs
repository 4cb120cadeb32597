// Assembles the backend's WebAssembly text modules (*.wat under electron/backend) into .wasm files
// beside the compiled JavaScript in dist/, where the modules that load them look.
// Usage: node scripts/build-wasm.mjs (part of npm run build:node).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import wabt from 'wabt';

const ROOT = join(import.meta.dirname, '..');
const SOURCES = join(ROOT, 'electron/backend');

function textModules(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return textModules(path);
    return entry.name.endsWith('.wat') ? [path] : [];
  });
}

const assembler = await wabt();
for (const source of textModules(SOURCES)) {
  const parsed = assembler.parseWat(source, readFileSync(source, 'utf8'), {
    threads: true,
    simd: true,
    bulk_memory: true,
  });
  parsed.resolveNames();
  const { buffer } = parsed.toBinary({});
  parsed.destroy();
  // wabt's own validator refuses shared memory; the engine that will run the module is the judge.
  new WebAssembly.Module(buffer);
  const target = join(ROOT, 'dist', relative(ROOT, source)).replace(/\.wat$/, '.wasm');
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, buffer);
}
