import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CLI = join(import.meta.dirname, '..', 'dist', 'electron', 'cli', 'triad.js');
export const ARTIFACTS_DIR = join(import.meta.dirname, 'artifacts');

export function temporaryDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `triad-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would, with its own home folder. */
export function runTriad(home: string, args: string[]): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, TRIAD_HOME: home },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the built CLI and gives its standard output; a failure throws with what the CLI said. */
export function runTriadOk(home: string, args: string[]): string {
  const result = runTriad(home, args);
  if (result.code !== 0) throw new Error(`triad ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

export interface RunningServer {
  url: string;
  summary: {
    url: string;
    project: { name: string; path: string };
    services: { id: string; state: string; url?: string; detail?: string }[];
    token?: string;
  };
  /** What the server has written to standard error so far (warnings, logs). */
  stderr(): string;
  /** Whether the process is still running. */
  running(): boolean;
  stop(): Promise<void>;
}

/** Starts `triad serve` as a user would, and waits for the line that says where it listens. */
export async function startServer(args: string[], env: NodeJS.ProcessEnv): Promise<RunningServer> {
  const child: ChildProcess = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--json', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const firstLine = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`triad serve exited with ${code}: ${stderr}`)));
  });
  const parsed = JSON.parse(firstLine) as RunningServer['summary'] | { error: { message: string } };
  if ('error' in parsed) throw new Error(parsed.error.message);
  const summary = parsed;
  return {
    url: summary.url,
    summary,
    stderr: () => stderr,
    running: () => child.exitCode === null && child.signalCode === null,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`) });
}

export interface AppInBrowser {
  server: RunningServer;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/**
 * `triad serve` on an app-data folder, and a Chromium page on it: on a fresh folder the flights
 * sample, or the project that `serverArgs` name (`['--project', DIR]`).
 */
export async function openAppInBrowser(
  home: string,
  viewport = { width: 1440, height: 900 },
  serverArgs: string[] = [],
): Promise<AppInBrowser> {
  const server = await startServer(['--model-port', '0', ...serverArgs], { TRIAD_HOME: home });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport });
  await page.goto(server.url);
  return {
    server,
    browser,
    page,
    close: async () => {
      await browser.close();
      await server.stop();
    },
  };
}

/** Opens a page of the current workspace from its sidebar. */
export function showPage(page: Page, label: string): Promise<void> {
  return page
    .getByRole('navigation', { name: 'Workspace pages' })
    .getByRole('button', { name: label, exact: true })
    .click();
}
