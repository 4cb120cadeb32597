// Runs Electronegativity over the Electron shell and the built renderer page, and fails on any
// HIGH finding or any finding not reviewed in electron/security-review.json.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const builtPage = join(root, 'dist', 'renderer', 'index.html');
if (!existsSync(builtPage)) {
  console.error(
    'check-electron-security: build the app first (npm run build): it scans dist/renderer/index.html for the CSP',
  );
  process.exit(1);
}

const run = createRequire(import.meta.url)('@doyensec/electronegativity');
const review = JSON.parse(readFileSync(join(root, 'electron', 'security-review.json'), 'utf8'));
const scanDir = mkdtempSync(join(tmpdir(), 'triad-electronegativity-'));
cpSync(join(root, 'electron', 'main'), join(scanDir, 'main'), { recursive: true });
cpSync(join(root, 'electron', 'preload'), join(scanDir, 'preload'), { recursive: true });
cpSync(builtPage, join(scanDir, 'index.html'));

const quiet = console.log;
console.log = () => {};
let result;
try {
  result = await run(
    {
      input: scanDir,
      isSarif: false,
      customScan: [],
      excludeFromScan: [],
      isRelative: true,
      isVerbose: false,
      electronVersionOverride: JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8'))
        .version,
      parserPlugins: [],
    },
    false,
  );
} finally {
  console.log = quiet;
  rmSync(scanDir, { recursive: true, force: true });
}

const accepted = (issue) => review.accepted.some((entry) => entry.check === issue.id && entry.file === issue.file);
const failures = result.issues.filter((issue) => issue.severity.name === 'HIGH' || !accepted(issue));
for (const issue of result.issues) {
  const verdict = failures.includes(issue) ? 'FAIL' : 'accepted';
  console.log(
    `${verdict.padEnd(8)} ${issue.severity.name.padEnd(13)} ${issue.id} ${issue.file}:${issue.location?.line ?? 0} ${issue.description}`,
  );
}
if (result.errors.length > 0) {
  console.error(`Electronegativity could not parse ${result.errors.length} files:`, result.errors);
  process.exit(1);
}
console.log(`Electronegativity: ${result.issues.length} findings, ${failures.length} failing, 0 allowed at HIGH`);
process.exit(failures.length > 0 ? 1 : 0);
