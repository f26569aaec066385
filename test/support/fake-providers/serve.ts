/**
 * Runs the fake providers as a process of their own, for multi-process tests and benchmarks:
 *
 *   node bin/run-ts.js test/support/fake-providers/serve.ts --port 0 --latency-ms 20 \
 *     --recipient-failure 01000000019=3019 --idempotency-window-ms 5000
 *
 * Every option of FakeProviderOptions is a kebab-case flag (`--server-error-rate 0.1`) or an
 * environment variable (`FAKE_PROVIDERS_SERVER_ERROR_RATE=0.1`); flags win. Recipient failures
 * come as repeated `--recipient-failure NUMBER=CODE` or `FAKE_PROVIDERS_RECIPIENT_FAILURES=
 * NUMBER=CODE,NUMBER=CODE`. Once listening, the process prints one JSON line with its port and
 * URL on stdout. SIGINT, SIGTERM or the end of the parent process stops it.
 */
import { parseArgs } from 'node:util';
import { defaultFakeOptions, type FakeProviderOptions } from './options.js';
import { startFakeProviders } from './server.js';

type OptionName = Exclude<keyof FakeProviderOptions, 'recipientFailures'>;

const numeric = new Set<OptionName>([
  'port',
  'latencyMs',
  'serverErrorRate',
  'rateLimitRate',
  'retryAfterSeconds',
  'dropRate',
  'rateLimitPerSecond',
  'idempotencyWindowMs',
  'deliveryDelayMs',
  'seed',
]);

const names = Object.keys(defaultFakeOptions).filter(
  (name): name is OptionName => name !== 'recipientFailures',
);

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

function envName(name: string): string {
  return `FAKE_PROVIDERS_${kebab(name).replace(/-/g, '_').toUpperCase()}`;
}

function parseFailures(pairs: string[]): Record<string, string> {
  const failures: Record<string, string> = {};
  for (const pair of pairs) {
    const [recipient, code] = pair.split('=');
    if (!recipient || !code) {
      throw new Error(`expected NUMBER=CODE for a recipient failure, got "${pair}"`);
    }
    failures[recipient.trim()] = code.trim();
  }
  return failures;
}

function readOptions(argv: string[], env: NodeJS.ProcessEnv): Partial<FakeProviderOptions> {
  const flags = Object.fromEntries(names.map((name) => [kebab(name), { type: 'string' as const }]));
  const { values: parsed } = parseArgs({
    args: argv,
    options: { ...flags, 'recipient-failure': { type: 'string', multiple: true } },
  });
  const values = parsed as Record<string, string | string[] | undefined>;

  const options: Record<string, unknown> = {};
  for (const name of names) {
    const raw = (values[kebab(name)] as string | undefined) ?? env[envName(name)];
    if (raw === undefined || raw === '') continue;
    const value = numeric.has(name) ? Number(raw) : raw;
    if (typeof value === 'number' && isNaN(value)) {
      throw new Error(`--${kebab(name)} expects a number, got "${raw}"`);
    }
    options[name] = value;
  }

  const envFailures = (env.FAKE_PROVIDERS_RECIPIENT_FAILURES ?? '').split(',').filter(Boolean);
  const flagFailures = (values['recipient-failure'] as string[] | undefined) ?? [];
  options.recipientFailures = parseFailures([...envFailures, ...flagFailures]);
  return options as Partial<FakeProviderOptions>;
}

const fake = await startFakeProviders(readOptions(process.argv.slice(2), process.env));
process.stdout.write(`${JSON.stringify({ event: 'listening', port: fake.port, url: fake.url })}\n`);

function stop(): void {
  void fake.close().then(() => process.exit(0));
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, stop);

// A test run that dies without stopping its children must not leave the fake running: once the
// parent is gone the process is re-parented, and the fake stops itself.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) stop();
}, 1000).unref();
