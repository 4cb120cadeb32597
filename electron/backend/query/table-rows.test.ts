import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Project } from '../db/project.js';
import { createProject, openProject } from '../db/project-folder.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { readRows } from './table-rows.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

function projectWithValues(): Project {
  const dir = join(temporaryFolder('table-rows'), 'project');
  createProject(dir).close();
  const project = openProject(dir);
  project.db.exec(`CREATE TABLE odd (id INTEGER, big INTEGER, payload BLOB, note TEXT);
    INSERT INTO odd VALUES (1, 9007199254740993, x'0A0B', 'plain'),
      (2, -9223372036854775808, zeroblob(1000), 'it''s'),
      (3, 42, NULL, '%_\\')`);
  return project;
}

const page = { offset: 0, limit: 10, countTotal: true };

describe('grid rows', () => {
  it('keeps integers past 2^53 exact and shows BLOBs as hex, cut when long', () => {
    const project = projectWithValues();
    const result = readRows(project.db, { ...page, source: 'odd', orderBy: 'id' });
    expect(result.rows).toEqual([
      [1, '9007199254740993', "X'0A0B'", 'plain'],
      [2, '-9223372036854775808', `X'${'00'.repeat(64)}…' (1000 B)`, "it's"],
      [3, 42, null, '%_\\'],
    ]);
    project.close();
  });

  it('treats filter and sort as values and names, never as SQL', () => {
    const project = projectWithValues();
    const matches = (filter: string) => readRows(project.db, { ...page, source: 'odd', filter }).total;
    expect(matches("'; DROP TABLE odd; --")).toBe(0);
    expect(matches("'")).toBe(1);
    expect(matches('%')).toBe(1);
    expect(matches('%_\\')).toBe(1);
    expect(() => readRows(project.db, { ...page, source: 'odd', orderBy: 'id; DELETE FROM odd' })).toThrow(
      'odd has no column id; DELETE FROM odd to sort by',
    );
    expect(() => readRows(project.db, { ...page, source: 'odd; DELETE FROM odd' })).toThrow(
      'there is no table or feature view named odd; DELETE FROM odd',
    );
    expect(project.db.prepare('SELECT count(*) FROM odd').pluck().get()).toBe(3);
    project.close();
  });
});
