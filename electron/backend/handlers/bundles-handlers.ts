import { homedir, userInfo } from 'node:os';
import { extname, isAbsolute, join } from 'node:path';
import { TriadError } from '../../../shared/contract/errors.js';
import type { ProjectSession } from '../app/project-session.js';
import { planBundle } from '../bundles/bundle-export.js';
import { judgeSignature } from '../bundles/bundle-trust.js';
import { inspectBundle } from '../bundles/inspect-bundle.js';
import type { DomainHandlers } from '../contract/handler-registry.js';
import type { JobManager } from '../jobs/job-manager.js';

/**
 * Where the app may write a bundle: a full path ending in .triad (web mode's clients must not be
 * able to overwrite other files); the export itself checks the folder.
 */
function assertBundleDestination(path: string): void {
  if (!isAbsolute(path) || extname(path).toLowerCase() !== '.triad')
    throw new TriadError('invalid_input', `${path} is not a place for a bundle: give a full path ending in .triad`);
}

export function bundlesHandlers(session: ProjectSession, jobs: JobManager, appDataDir: string): DomainHandlers {
  return {
    'bundles.plan': async (choices) => {
      const plan = await planBundle(session.current.db, session.current.path, { ...choices, author: '' });
      return {
        entries: plan.entries.map((entry) => ({ path: entry.path, bytes: entry.bytes })),
        totalBytes: plan.totalBytes,
        contents: plan.manifest.contents,
        leftOut: plan.leftOut,
        suggestedPath: join(homedir(), `${plan.manifest.contents.pipeline.name}.triad`),
      };
    },
    'bundles.export': ({ path, author, sign, ...choices }) => {
      assertBundleDestination(path);
      return {
        jobId: jobs.start(session.current, 'bundle-export', {
          ...choices,
          path,
          sign,
          author: author?.trim() || userInfo().username,
          appDataDir,
        }).id,
      };
    },
    'bundles.inspect': ({ path }) => inspectBundle(path, session.current, judgeSignature),
    'bundles.import': ({ path, resolutions }) => ({
      jobId: jobs.start(session.current, 'bundle-import', { path, resolutions }).id,
    }),
  };
}
