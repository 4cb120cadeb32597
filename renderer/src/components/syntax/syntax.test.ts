import { describe, expect, it } from 'vitest';
import SAMPLE from '../../../../resources/sample-project/features.yaml?raw';
import { tokenizeDefinitions } from './definitions-tokens.js';
import { tokenizeSql } from './sql-tokens.js';
import type { Token } from './tokens.js';

const joined = (tokens: Token[]) => tokens.map((token) => token.text).join('');
const ofKind = (tokens: Token[], kind: Token['kind']) =>
  tokens.filter((token) => token.kind === kind).map((token) => token.text.trim());

describe('SQL tokens', () => {
  it('colours keywords, functions, strings, numbers, quoted identifiers and comments', () => {
    const tokens = tokenizeSql(
      `SELECT "Origin", avg(delay) AS d -- mean\nFROM t WHERE name = 'O''Hare' AND x > 1.5e3 /* c */`,
    );
    expect(ofKind(tokens, 'keyword')).toEqual(['SELECT', 'AS', 'FROM', 'WHERE', 'AND']);
    expect(ofKind(tokens, 'function')).toEqual(['avg']);
    expect(ofKind(tokens, 'identifier')).toEqual(['"Origin"']);
    expect(ofKind(tokens, 'string')).toEqual(["'O''Hare'"]);
    expect(ofKind(tokens, 'number')).toEqual(['1.5e3']);
    expect(ofKind(tokens, 'comment')).toEqual(['-- mean', '/* c */']);
  });

  it('gives back exactly the text it was given, even unfinished strings and comments', () => {
    for (const text of ["SELECT 'unterminated", 'SELECT /* open', 'a ~ b ? @ #', '', 'x\n\n\ty', '"a""b" `c` [d]']) {
      expect(joined(tokenizeSql(text))).toBe(text);
    }
  });
});

describe('definitions tokens', () => {
  it('gives back the sample project’s definitions exactly', () => {
    expect(joined(tokenizeDefinitions(SAMPLE))).toBe(SAMPLE);
  });

  it('colours YAML keys, comments and literals, and the SQL of block and inline sources', () => {
    const text = [
      '# views',
      'feature_views:',
      '  - name: v',
      '    source: |',
      '      SELECT origin, count(*) AS n',
      '      FROM flights',
      '    ttl: 1d # a day',
      '  - name: w',
      "    source: SELECT 'x' FROM t",
      '    tags: { team: "core" }',
      '    entities: [airport]',
    ].join('\n');
    const tokens = tokenizeDefinitions(text);
    expect(joined(tokens)).toBe(text);
    expect(ofKind(tokens, 'key')).toEqual([
      'feature_views',
      'name',
      'source',
      'ttl',
      'name',
      'source',
      'tags',
      'team',
      'entities',
    ]);
    expect(ofKind(tokens, 'keyword')).toEqual(['SELECT', 'AS', 'FROM', 'SELECT', 'FROM']);
    expect(ofKind(tokens, 'function')).toEqual(['count']);
    expect(ofKind(tokens, 'comment')).toEqual(['# views', '# a day']);
    expect(ofKind(tokens, 'literal')).toEqual(['1d']);
    expect(ofKind(tokens, 'string')).toEqual(["'x'", '"core"']);
  });

  it('ends a SQL block at the first line indented no deeper than its key', () => {
    const tokens = tokenizeDefinitions('source: |\n  SELECT a\nselect: 1\n');
    expect(ofKind(tokens, 'keyword')).toEqual(['SELECT']);
    expect(ofKind(tokens, 'key')).toEqual(['source', 'select']);
  });
});
