#!/usr/bin/env node
// Checks that the DuckDB baseline and chibo agree on every cell: each rule and measure score and
// the total within a tolerance (default 1e-6), the same N/A, the same rating.
//
//   node compare.mjs CHIBO_UNITS.csv BASELINE.csv [--tolerance 1e-6]
//
// CHIBO_UNITS.csv is the units.csv of `chibo score --csv DIR`; BASELINE.csv comes from score.mjs.
// Prints each disagreement (up to 50) and exits 1 if there is any, 0 otherwise.
import { DuckDBInstance } from '@duckdb/node-api';
import { resolve } from 'node:path';

const args = process.argv.slice(2);
let tolerance = 1e-6;
const files = [];
for (let i = 0; i < args.length; ++i) {
  if (args[i] === '--tolerance' && i + 1 < args.length) tolerance = Number(args[++i]);
  else files.push(args[i]);
}
if (files.length !== 2 || !(tolerance >= 0)) {
  process.stderr.write('usage: node compare.mjs CHIBO_UNITS.csv BASELINE.csv [--tolerance 1e-6]\n');
  process.exit(2);
}
const literal = (s) => resolve(s).replaceAll("'", "''");
const db = await (await DuckDBInstance.create(':memory:')).connect();
const read = (file) => `read_csv('${literal(file)}', header = true, all_varchar = true)`;
await db.run(`
  CREATE TABLE chibo AS SELECT * EXCLUDE (kind) FROM ${read(files[0])} WHERE kind = 'cell';
  CREATE TABLE baseline AS SELECT * FROM ${read(files[1])};
  -- every score column of the baseline, as (cell, key, value)
  -- N/A spelled out, so that UNPIVOT keeps it
  CREATE VIEW baseline_scores AS SELECT id, coalesce(COLUMNS(* EXCLUDE (id, rating)), 'N/A') FROM baseline;
  CREATE TABLE b AS UNPIVOT baseline_scores ON COLUMNS(* EXCLUDE (id)) INTO NAME key VALUE value;
  -- chibo's cell columns: total, measures and rules (M7.3 is a committee rule)
  CREATE VIEW chibo_scores AS SELECT id, coalesce(COLUMNS('^(total|M[0-9](\\.[0-9])?)$'), 'N/A') FROM chibo;
  CREATE TABLE c AS UNPIVOT chibo_scores ON COLUMNS(* EXCLUDE (id, "M7.3")) INTO NAME key VALUE value;`);
const problems = await db.runAndReadAll(`
  SELECT coalesce(c.id, b.id) AS cell, coalesce(c.key, b.key) AS key, c.value AS chibo, b.value AS baseline
  FROM c FULL JOIN b ON b.id = c.id AND b.key = c.key
  WHERE c.value IS NULL OR b.value IS NULL OR (c.value = 'N/A') <> (b.value = 'N/A')
     OR abs(TRY_CAST(c.value AS DOUBLE) - TRY_CAST(b.value AS DOUBLE)) > ${tolerance}
  UNION ALL
  SELECT coalesce(c.id, b.id), 'rating', c.rating, b.rating
  FROM chibo c FULL JOIN baseline b USING (id)
  WHERE c.rating IS DISTINCT FROM b.rating OR c.id IS NULL OR b.id IS NULL
  ORDER BY ALL`);
const rows = problems.getRowObjects();
const counts = await db.runAndReadAll('SELECT (SELECT count(*) FROM chibo) AS cells, (SELECT count(*) FROM b) AS values');
const { cells, values } = counts.getRowObjects()[0];
for (const r of rows.slice(0, 50))
  process.stdout.write(`${r.cell} ${r.key}: chibo ${r.chibo ?? '(missing)'}, baseline ${r.baseline ?? '(missing)'}\n`);
if (rows.length > 0) {
  process.stdout.write(`${rows.length} disagreement(s) over ${cells} cells\n`);
  process.exit(1);
}
process.stdout.write(`chibo and the DuckDB baseline agree on ${cells} cells, ${values} values (tolerance ${tolerance})\n`);
