/**
 * Skill endpoint latency: the real `abroad serve` (SQLite in a temporary folder) and a bare
 * Fastify route returning a fixed SkillResponse (the ceiling), each loaded open-loop from this
 * process on 127.0.0.1 at 200 and 1,000 requests per second with real skill payloads from
 * 5,000 users. Prints a Markdown section for bench/RESULTS.md.
 *
 * Run: npm run bench -- skill   (or: node bin/run-ts.js bench/skill-endpoint.ts [seconds])
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { validateSkillResponse } from '../src/channels/kakao/skill-response.js';
import { freePort, spawnCli, waitForHttp } from '../test/support/process.js';
import { percentile, runLoad, type LoadResult } from './skill-support/load.js';

const seconds = Number(process.argv[2] ?? 10);
const rates = [200, 1000];
const users = 5000;

/** What users send, in turn: the menu, a knowledge answer, a two-step safety lookup, chatter. */
const script = ['', '여권을 잃어버렸어요', '해외안전정보', '일본', '오늘 날씨 어때요', '처음으로'];

function payload(index: number): string {
  const user = index % users;
  const turn = Math.floor(index / users) % script.length;
  return JSON.stringify({
    intent: { id: 'bench', name: 'fallback' },
    userRequest: {
      timezone: 'Asia/Seoul',
      params: { surface: 'Kakaotalk.plusfriend' },
      block: { id: 'bench', name: 'fallback' },
      utterance: script[turn],
      lang: 'ko',
      user: {
        id: `bench-user-${user}`,
        type: 'botUserKey',
        properties: { plusfriendUserKey: `pf-${user}` },
      },
    },
    bot: { id: 'bench-bot', name: 'bench' },
    action: { id: 'a', name: 'abroad', params: {}, detailParams: {}, clientExtra: null },
  });
}

function isValid(body: string): boolean {
  try {
    return validateSkillResponse(JSON.parse(body)).ok;
  } catch {
    return false;
  }
}

async function stop(child: ChildProcess) {
  child.kill('SIGTERM');
  await new Promise((done) => {
    if (child.exitCode !== null) return done(undefined);
    child.once('exit', done);
    setTimeout(done, 5000);
  });
}

async function measure(url: string, rate: number): Promise<LoadResult> {
  // A short warm-up at the same rate lets JIT and SQLite caches settle before measuring.
  await runLoad({
    url,
    rate,
    durationMs: 2000,
    maxInFlight: 2000,
    body: (i) => payload(i + 7_000_000),
  });
  return runLoad({
    url,
    rate,
    durationMs: seconds * 1000,
    maxInFlight: 2000,
    body: payload,
    check: isValid,
  });
}

function row(name: string, rate: number, result: LoadResult): string {
  const ms = (value: number) => value.toFixed(1);
  const achieved = (result.answered / (result.elapsedMs / 1000)).toFixed(0);
  const l = result.latencies;
  return `| ${name} | ${rate} | ${achieved} | ${ms(percentile(l, 0.5))} | ${ms(percentile(l, 0.9))} | ${ms(percentile(l, 0.99))} | ${ms(l.at(-1) ?? NaN)} | ${result.errors + result.dropped} | ${result.invalid} |`;
}

const dataDir = mkdtempSync(join(tmpdir(), 'abroad-bench-'));
const rows: string[] = [];
try {
  const realPort = await freePort();
  const real = spawnCli(['serve'], {
    ABROAD_DATA_DIR: dataDir,
    PORT: String(realPort),
    LOG_LEVEL: 'error',
  });
  await waitForHttp(`http://127.0.0.1:${realPort}/readyz`, 30_000);
  for (const rate of rates) {
    rows.push(
      row(
        '`abroad serve`, SQLite',
        rate,
        await measure(`http://127.0.0.1:${realPort}/kakao/skill`, rate),
      ),
    );
  }
  await stop(real);

  const ceilingPort = await freePort();
  const ceiling = spawn(
    process.execPath,
    [
      resolve('bin/run-ts.js'),
      resolve('bench/skill-support/ceiling-server.ts'),
      String(ceilingPort),
    ],
    { stdio: 'ignore' },
  );
  await waitForHttp(`http://127.0.0.1:${ceilingPort}/healthz`, 30_000);
  for (const rate of rates) {
    rows.push(
      row(
        'bare Fastify, fixed reply',
        rate,
        await measure(`http://127.0.0.1:${ceilingPort}/kakao/skill`, rate),
      ),
    );
  }
  await stop(ceiling);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

const cpu = cpus();
process.stdout.write(
  [
    '## Kakao skill endpoint latency',
    '',
    `What it measures: HTTP latency of \`POST /kakao/skill\` with real skill payloads from ${users.toLocaleString('en')} users`,
    `cycling through ${script.length} turns (menu, knowledge answer, safety lookup in two steps, unknown text, menu),`,
    'sent open-loop from one Node process on 127.0.0.1: each request is due at a fixed time and its',
    'latency counts from that time. Every answer was checked against the SkillResponse limits.',
    '',
    `- Command: \`node bin/run-ts.js bench/skill-endpoint.ts ${seconds}\` (${seconds} s per rate after 2 s of warm-up)`,
    `- Machine: ${cpu.length} cores (${cpu[0]?.model.trim() || 'model not reported'}), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}; load average ${loadavg()[0].toFixed(1)} at the end.`,
    '  The load generator shares the cores with the server.',
    '',
    '| server | rate /s | answered /s | p50 ms | p90 ms | p99 ms | max ms | errors+dropped | invalid |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n'),
);
