// Writes a CSV of events (user_id, ts, amount, kind) for load tests and benchmarks:
//   node scripts/write-events-csv.mjs FILE [ROWS]   (ROWS defaults to 1,000,000)
// Run as a process of its own, so that building the text does not pause the caller's clock.
import { writeFileSync } from 'node:fs';

const [file, rowsArgument = '1000000'] = process.argv.slice(2);
const rows = Number(rowsArgument);
if (!file || !Number.isInteger(rows) || rows < 0) {
  console.error('usage: node scripts/write-events-csv.mjs FILE [ROWS]');
  process.exit(2);
}
const lines = ['user_id,ts,amount,kind'];
for (let id = 0; id < rows; id++)
  lines.push(`${id % 5000},${new Date(1_700_000_000_000 + id * 1000).toISOString()},${(id % 997) / 10},k${id % 7}`);
writeFileSync(file, `${lines.join('\n')}\n`);
