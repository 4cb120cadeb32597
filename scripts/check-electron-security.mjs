// Runs Electronegativity over the Electron shell and the built renderer page, and fails on any
// HIGH finding or any finding not reviewed in electron/security-review.json, and on a checklist
// item it cannot see (fuses, the app-wide sandbox) left undone.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..');
const builtPage = join(root, 'dist', 'renderer', 'index.html');
if (!existsSync(builtPage)) {
  console.error(
    'check-electron-security: build the app first (npm run build): it scans dist/renderer/index.html for the CSP',
  );
  process.exit(1);
}

const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity');
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

// Checklist items Electronegativity does not see: the fuses burnt into the packaged binary, and
// the app-wide renderer sandbox, which only works when enabled before the app is ready.
const HARDENED_FUSES = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
};

function fuseFailures() {
  const fuses = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')).electronFuses ?? {};
  return Object.entries(HARDENED_FUSES)
    .filter(([fuse, value]) => fuses[fuse] !== value)
    .map(([fuse, value]) => `electron-builder.yml: electronFuses.${fuse} must be ${value} (is ${fuses[fuse]})`);
}

function sandboxFailures() {
  const ts = require('typescript');
  const file = join('electron', 'main', 'index.ts');
  const source = ts.createSourceFile(file, readFileSync(join(root, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const statements = source.statements.map((statement) => statement.getText(source));
  const sandbox = statements.indexOf('app.enableSandbox();');
  const ready = statements.findIndex((text) => /whenReady|BrowserWindow\(|createMainWindow\(/.test(text));
  if (sandbox >= 0 && (ready < 0 || sandbox < ready)) return [];
  return [`${file}: call app.enableSandbox() at the top level, before the app is ready and any window is created`];
}

const checklistFailures = [...fuseFailures(), ...sandboxFailures()];
for (const failure of checklistFailures) console.log(`FAIL     checklist     ${failure}`);

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
console.log(
  `Checklist: ${Object.keys(HARDENED_FUSES).length} fuses and the app-wide sandbox, ${checklistFailures.length} failing`,
);
process.exit(failures.length + checklistFailures.length > 0 ? 1 : 0);
