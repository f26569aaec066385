// Measures feed parse throughput: the 276 KB NWS Atom index (163 CAP entries) and the USGS
// 2.5+ week summary (247 earthquakes), from bytes to normalised events with countries.
// Run: node bin/run-ts.js bench/hazards-parse.ts   (ABROAD_FIXTURES_DIR overrides the corpus)
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFeedDocument } from '../src/hazards/parse-feed.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = join(
  process.env.ABROAD_FIXTURES_DIR ?? resolve(repoRoot, '../shared/fixtures'),
  'hazards',
);
if (!existsSync(fixtures)) {
  process.stderr.write(`hazard fixtures not found at ${fixtures}; set ABROAD_FIXTURES_DIR\n`);
  process.exit(0);
}
const files = ['ibm-cap/nws_atom_feed_example.xml', 'usgs/2.5_week.json'];

/** Minimum measuring time per file, after warm-up, in milliseconds. */
const MEASURE_MS = 3000;

function measure(bytes: Buffer): {
  runs: number;
  mbPerSecond: number;
  msPerRun: number;
  events: number;
} {
  let events = 0;
  for (let warmUp = 0; warmUp < 5; warmUp += 1) events = parseFeedDocument(bytes).events.length;

  let runs = 0;
  const start = performance.now();
  while (performance.now() - start < MEASURE_MS) {
    parseFeedDocument(bytes);
    runs += 1;
  }
  const elapsedMs = performance.now() - start;
  const megabytes = (bytes.length * runs) / 1_000_000;
  return { runs, mbPerSecond: megabytes / (elapsedMs / 1000), msPerRun: elapsedMs / runs, events };
}

console.log(
  `node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown cpu'})`,
);
console.log('| file | bytes | events | runs | ms per parse | MB/s |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const file of files) {
  const bytes = readFileSync(join(fixtures, file));
  const result = measure(bytes);
  console.log(
    `| ${file} | ${bytes.length} | ${result.events} | ${result.runs} | ${result.msPerRun.toFixed(2)} | ${result.mbPerSecond.toFixed(1)} |`,
  );
}
