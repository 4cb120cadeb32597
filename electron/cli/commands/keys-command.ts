import { existsSync, readFileSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { TriadError } from '../../../shared/contract/errors.js';
import type { TrustedKeys } from '../../../shared/contract/signing-keys.js';
import { resolveAppDataDir } from '../../backend/app-data.js';
import { PUBLIC_KEY_PREFIX } from '../../backend/bundles/bundle-signing.js';
import { createOwnSigningKey, ownSigningKey, signingKeyFiles } from '../../backend/bundles/signing-key-files.js';
import { setRequireSignedBundles, trustKeyLine, trustList, untrustKey } from '../../backend/bundles/trusted-keys.js';
import { exitWithError, type OutputOptions, printResult } from '../output.js';
import { PROJECT_OPTION, type ProjectOptions, withProject } from '../project-option.js';
import { textTable } from '../text-table.js';

interface CreateOptions extends OutputOptions {
  name?: string;
  replace?: boolean;
}

interface TrustOptions extends OutputOptions, ProjectOptions {
  name?: string;
}

const JSON_OPTION = ['--json', 'print machine-readable JSON'] as const;

/** A public key line as given, or read from the file of that name (the .pub a teammate sent). */
function readKeyLine(lineOrFile: string): string {
  if (lineOrFile.trim().startsWith(PUBLIC_KEY_PREFIX)) return lineOrFile;
  if (existsSync(lineOrFile) && statSync(lineOrFile).isFile()) return readFileSync(lineOrFile, 'utf8');
  throw new TriadError(
    'invalid_input',
    `${lineOrFile} is neither a public key line ("${PUBLIC_KEY_PREFIX} KEY NAME", quoted) nor a file holding one`,
  );
}

function describeTrustList(list: TrustedKeys): string {
  const keys =
    list.keys.length === 0
      ? "The project trusts no key: triad keys trust LINE adds a teammate's."
      : textTable(
          ['KEY ID', 'NAME', 'ADDED (UTC)'],
          list.keys.map((key) => [key.keyId, key.name, key.addedAt.slice(0, 19).replace('T', ' ')]),
        );
  return `${keys}\nImported bundles must carry a trusted signature: ${list.requireSignature ? 'yes' : 'no'}`;
}

function registerCreate(keys: Command): void {
  keys
    .command('create')
    .description('make your bundle signing key and print its public key line, to give to teammates')
    .option('--name <name>', 'the name teammates see on what you sign (default: your user name)')
    .option('--replace', 'replace the key you have (teammates who trust it will not trust what the new one signs)')
    .option(...JSON_OPTION)
    .action((options: CreateOptions) => {
      try {
        const home = resolveAppDataDir();
        const key = createOwnSigningKey(home, options.name ?? userInfo().username, {
          replace: options.replace === true,
        });
        const files = signingKeyFiles(home);
        printResult(options, { ...key, privateKeyFile: files.privateKey, publicKeyFile: files.publicKey }, () =>
          [
            `Created your bundle signing key "${key.name}" (key ID ${key.keyId}).`,
            'Its public key line, for teammates to trust (triad keys trust "LINE"):',
            key.publicKeyLine,
            `Kept in ${files.privateKey} (private: never share it) and ${files.publicKey}.`,
          ].join('\n'),
        );
      } catch (error) {
        exitWithError(options, error);
      }
    });
}

function registerShow(keys: Command): void {
  keys
    .command('show')
    .description('print your public key line')
    .option(...JSON_OPTION)
    .action((options: OutputOptions) => {
      try {
        const key = ownSigningKey(resolveAppDataDir());
        if (!key) throw new TriadError('not_found', 'you have no bundle signing key yet: run `triad keys create`');
        printResult(options, key, () => key.publicKeyLine);
      } catch (error) {
        exitWithError(options, error);
      }
    });
}

function registerTrust(keys: Command): void {
  keys
    .command('trust')
    .description("trust a teammate's public key: bundles it signs count as trusted in the project")
    .argument('<line-or-file>', 'the public key line (quoted), or a file holding it')
    .option('--name <name>', 'the name to list it under (default: the name on the line)')
    .option(...PROJECT_OPTION)
    .option(...JSON_OPTION)
    .action(async (lineOrFile: string, options: TrustOptions) => {
      try {
        const line = readKeyLine(lineOrFile);
        const key = await withProject(options, (project) => trustKeyLine(project.db, line, options.name));
        printResult(options, key, () => `Trusted ${key.name} (key ID ${key.keyId}).`);
      } catch (error) {
        exitWithError(options, error);
      }
    });
}

function registerUntrust(keys: Command): void {
  keys
    .command('untrust')
    .description('stop trusting a key')
    .argument('<key-id>', 'the key ID (triad keys list shows them)')
    .option(...PROJECT_OPTION)
    .option(...JSON_OPTION)
    .action(async (keyId: string, options: OutputOptions & ProjectOptions) => {
      try {
        const key = await withProject(options, (project) => untrustKey(project.db, keyId));
        printResult(options, key, () => `No longer trusting ${key.name} (key ID ${key.keyId}).`);
      } catch (error) {
        exitWithError(options, error);
      }
    });
}

function registerList(keys: Command): void {
  keys
    .command('list')
    .description('the keys the project trusts, and whether imported bundles must be signed by one')
    .option(...PROJECT_OPTION)
    .option(...JSON_OPTION)
    .action(async (options: OutputOptions & ProjectOptions) => {
      try {
        const list = await withProject(options, (project) => trustList(project.db));
        printResult(options, list, () => describeTrustList(list));
      } catch (error) {
        exitWithError(options, error);
      }
    });
}

function registerRequireSignature(keys: Command): void {
  keys
    .command('require-signature')
    .description('whether imported bundles must carry a valid signature by a trusted key')
    .argument('<on|off>', 'on or off')
    .option(...PROJECT_OPTION)
    .option(...JSON_OPTION)
    .action(async (state: string, options: OutputOptions & ProjectOptions) => {
      try {
        if (state !== 'on' && state !== 'off')
          throw new TriadError('invalid_input', `require-signature takes on or off, not ${state}`);
        const on = state === 'on';
        await withProject(options, (project) => setRequireSignedBundles(project.db, on));
        printResult(options, { requireSignature: on }, () =>
          on
            ? 'Imported bundles must now carry a valid signature by a trusted key.'
            : 'Imported bundles no longer need a signature.',
        );
      } catch (error) {
        exitWithError(options, error);
      }
    });
}

export function registerKeys(program: Command): void {
  const keys = program
    .command('keys')
    .description("your bundle signing key, the teammates' keys a project trusts, and whether bundles must be signed");
  registerCreate(keys);
  registerShow(keys);
  registerTrust(keys);
  registerUntrust(keys);
  registerList(keys);
  registerRequireSignature(keys);
}
