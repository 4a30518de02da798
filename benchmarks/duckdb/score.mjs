#!/usr/bin/env node
// The DuckDB baseline: scores every cell of a chibo dataset in SQL (score.sql) and writes one row
// per cell in the layout of chibo's units.csv.
//
//   node score.mjs DATASET [--year YYYY | --from YYYY-MM-DD --to YYYY-MM-DD] [--out FILE.csv]
//                  [--threads N] [--memory-limit 20GB]
//
// Without a period it scores the calendar year of the latest meeting, as `chibo score` does.
import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function usage(message) {
  process.stderr.write(`score.mjs: ${message}\n` +
    'usage: node score.mjs DATASET [--year YYYY | --from DATE --to DATE] [--out FILE] [--threads N]\n');
  process.exit(2);
}

const args = process.argv.slice(2);
const options = { out: null, threads: null, memoryLimit: null, from: null, to: null, year: null };
let dataset = null;
for (let i = 0; i < args.length; ++i) {
  const a = args[i];
  const value = () => (i + 1 < args.length ? args[++i] : usage(`${a} needs a value`));
  if (a === '--year') options.year = value();
  else if (a === '--from') options.from = value();
  else if (a === '--to') options.to = value();
  else if (a === '--out') options.out = value();
  else if (a === '--threads') options.threads = value();
  else if (a === '--memory-limit') options.memoryLimit = value();
  else if (a.startsWith('--')) usage(`unknown option ${a}`);
  else if (dataset === null) dataset = a;
  else usage(`unexpected argument ${a}`);
}
if (dataset === null) usage('no dataset folder');
const isDate = (s) => /^\d{4}-\d{2}-\d{2}$/.test(s);
if (options.year !== null && !/^\d{4}$/.test(options.year)) usage('--year needs YYYY');
if ((options.from === null) !== (options.to === null)) usage('--from and --to go together');
if (options.from !== null && !(isDate(options.from) && isDate(options.to))) usage('dates are YYYY-MM-DD');
if (options.threads !== null && !/^\d+$/.test(options.threads)) usage('--threads needs a number');

// A path inside an SQL string literal: quotes doubled.
const literal = (s) => s.replaceAll("'", "''");
const folder = literal(resolve(dataset));

const started = process.hrtime.bigint();
const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;

const config = {};
if (options.threads !== null) config.threads = options.threads;
if (options.memoryLimit !== null) config.memory_limit = options.memoryLimit;
const instance = await DuckDBInstance.create(':memory:', config);
const db = await instance.connect();

let from = options.from, to = options.to;
if (options.year !== null) {
  from = `${options.year}-01-01`;
  to = `${options.year}-12-31`;
} else if (from === null) {
  const latest = await db.runAndReadAll(
    `SELECT year(max(date)) AS y FROM read_csv('${folder}/meetings.csv', header = true, types = {'date': 'DATE'})`);
  const y = latest.getRowObjects()[0].y;
  if (y === null) usage('the dataset has no meetings; give --year');
  from = `${y}-01-01`;
  to = `${y}-12-31`;
}

const here = dirname(fileURLToPath(import.meta.url));
// org_history.csv is optional: without it, an empty table of its columns.
const orgHistory = existsSync(join(resolve(dataset), 'org_history.csv'))
  ? `SELECT unit_id, parent_id, "from", "to" FROM read_csv('${folder}/org_history.csv', header = true,
       types = {'unit_id': 'VARCHAR', 'parent_id': 'VARCHAR', 'from': 'DATE', 'to': 'DATE'})`
  : `SELECT NULL::VARCHAR AS unit_id, NULL::VARCHAR AS parent_id, NULL::DATE AS "from", NULL::DATE AS "to"
       WHERE false`;
const sql = readFileSync(join(here, 'score.sql'), 'utf8')
  .replaceAll('{{org_history}}', orgHistory)
  .replaceAll('{{dataset}}', folder)
  .replaceAll('{{from}}', from)
  .replaceAll('{{to}}', to);

try {
  await db.run(sql);
  if (options.out !== null) {
    await db.run(`COPY result TO '${literal(resolve(options.out))}' (HEADER, DELIMITER ',')`);
  } else {
    const summary = await db.runAndReadAll(
      'SELECT rating, count(*) AS cells, round(avg(total), 2) AS mean_total FROM result GROUP BY ALL ORDER BY ALL');
    for (const row of summary.getRowObjects())
      process.stdout.write(`${row.rating ?? 'n/a'}\t${row.cells}\t${row.mean_total}\n`);
  }
} catch (e) {
  process.stderr.write(`score.mjs: ${e.message}\n`);
  process.exit(1);
}
process.stderr.write(`duckdb: scored ${from}..${to} in ${seconds().toFixed(2)} s\n`);
