import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultProjectDir } from '../backend/app-data.js';
import type { Project } from '../backend/db/project.js';
import { createProject } from '../backend/db/project-folder.js';
import { temporaryFoldersCleanedAfterEachTest } from '../backend/test-support/temporary-folder.js';
import { describeProjectChoice, withProject } from './project-option.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

/** What withProject writes to stderr while `run` runs. */
async function stderrOf(run: () => Promise<unknown>): Promise<string> {
  let written = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    written += String(chunk);
    return true;
  });
  try {
    await run();
  } finally {
    spy.mockRestore();
  }
  return written;
}

function namedProject(name: string): string {
  const dir = join(temporaryFolder('projects'), name);
  createProject(dir, name).close();
  return dir;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('withProject', () => {
  it('closes the project once the work is done, and returns its result', async () => {
    const dir = namedProject('churn');
    let used: Project | undefined;
    const written = await stderrOf(async () => {
      const result = await withProject({ project: dir }, (project) => {
        used = project;
        expect(project.db.open).toBe(true);
        return project.path;
      });
      expect(result).toBe(dir);
    });
    expect(used?.db.open).toBe(false);
    expect(written).toBe(`Project: churn (${dir})\n`);
  });

  it('closes the project when the work fails, and passes the error on', async () => {
    const dir = namedProject('churn');
    let used: Project | undefined;
    const failing = withProject({ project: dir }, async (project) => {
      used = project;
      throw new Error('the work failed');
    });
    await stderrOf(() => expect(failing).rejects.toThrow('the work failed'));
    expect(used?.db.open).toBe(false);
  });

  it('says when it used the default project, and how to choose another', async () => {
    const home = temporaryFolder('home');
    vi.stubEnv('TRIAD_HOME', home);
    createProject(defaultProjectDir(home), 'My default').close();
    const written = await stderrOf(() => withProject({}, () => undefined));
    expect(written).toBe(
      `Project: My default (${defaultProjectDir(home)}), the default project — pass --project DIR to use another\n`,
    );
  });

  it('names nothing and runs nothing when the project cannot be opened', async () => {
    const missing = join(temporaryFolder('projects'), 'missing');
    const work = vi.fn();
    const written = await stderrOf(() =>
      expect(withProject({ project: missing }, work)).rejects.toThrow('There is no folder at'),
    );
    expect(work).not.toHaveBeenCalled();
    expect(written).toBe('');
  });
});

describe('describeProjectChoice', () => {
  const project = { name: 'Churn', path: '/projects/churn' };

  it('names a project chosen with --project plainly', () => {
    expect(describeProjectChoice(project, 'option')).toBe('Project: Churn (/projects/churn)');
  });

  it('says how a project was chosen without --project', () => {
    expect(describeProjectChoice(project, 'last-opened')).toBe(
      'Project: Churn (/projects/churn), the project the app last had open — pass --project DIR to use another',
    );
  });
});
