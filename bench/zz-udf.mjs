import Database from 'better-sqlite3';

const db = new Database('/tmp/readbench.sqlite', { readonly: true });
const cols = `entity_id, ts, ${Array.from({ length: 10 }, (_, i) => `f${i}`).join(',')}`;
function time(label, fn) {
  const t = process.hrtime.bigint();
  const r = fn();
  console.log(label, (Number(process.hrtime.bigint() - t) / 1e6).toFixed(0), 'ms', r);
}
const wanted = new Uint8Array(1000000);
for (let i = 0; i < wanted.length; i += 8) wanted[i] = 1;
let counter = 0;
db.function('triad_take', { deterministic: false }, () => wanted[counter++]);
time('udf take 1/8', () => {
  counter = 0;
  let n = 0;
  for (const row of db
    .prepare(`SELECT ${cols} FROM (SELECT ${cols} FROM events LIMIT 1000000 OFFSET 0) WHERE triad_take()`)
    .raw(true)
    .iterate())
    n++;
  return [n, counter];
});
time('3 cols', () => {
  let n = 0;
  for (const row of db.prepare(`SELECT entity_id, ts FROM events`).raw(true).iterate()) n++;
  return n;
});
time('all 12', () => {
  let n = 0;
  for (const row of db.prepare(`SELECT ${cols} FROM events`).raw(true).iterate()) n++;
  return n;
});
