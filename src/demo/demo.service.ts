import { mkdtempSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { createDispatcher, listAlerts, useSenders, type AlertView } from '../alerts/index.js';
import { completeFinishedAlerts } from '../alerts/results.js';
import { sharedOutbox, type FileOutbox } from '../channels/index.js';
import { loadConfig } from '../config.js';
import { closeContext, openContext, type AppContext } from '../context.js';
import { countryAt } from '../geo/index.js';
import { ingestDocument, parseFeedDocument, type HazardEvent } from '../hazards/index.js';
import type { Logger } from '../log.js';
import { importTravelersCsv } from '../travelers/index.js';
import { demoDocuments, type DemoDocument } from './demo-events.js';
import { citiesNear, demoTravelersCsv, type DemoPlace } from './demo-travelers.js';

const actor = { kind: 'system' as const, id: 'demo' };
const dayMs = 86_400_000;

export interface DemoOptions {
  files: string[];
  travelers: number;
  env: NodeJS.ProcessEnv;
  log: Logger;
}

export interface DemoResult {
  dataDir: string;
  outboxPath: string;
  alerts: AlertView[];
  events: Map<string, string>;
  seconds: number;
}

/**
 * Runs the demo: a fresh SQLite database in an empty data folder, synthetic travelers on real
 * cities, the example events (or the given feed files) ingested, targeted and sent through
 * the file outbox. Never a configured provider or PostgreSQL, whatever the environment sets.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const started = Date.now();
  const dataDir = demoDataDir(options.env.ABROAD_DATA_DIR);
  const env = { ...options.env, ABROAD_DATA_DIR: dataDir, DATABASE_URL: undefined };
  const config = loadConfig(env);
  const ctx = await openContext(config, options.log);
  const outbox = sharedOutbox(dataDir, options.log);
  useSenders(ctx, [outbox]);

  try {
    const documents =
      options.files.length > 0 ? readFiles(options.files) : demoDocuments(new Date());
    const parsed = documents.map((document) => ({ document, events: eventsOf(document) }));
    await registerTravelers(ctx, options.travelers, parsed);

    const names = new Map<string, string>();
    for (const { document, events } of parsed) {
      const scenario = scenarioContext(ctx, events, outbox);
      const result = await ingestDocument(scenario, Buffer.from(document.content), {
        name: document.fileName,
        actor,
      });
      for (const version of result.versions)
        names.set(version.eventId, labelOf(version.event, document.fileName));
    }

    await createDispatcher(ctx).drain();
    await completeFinishedAlerts(ctx);
    const alerts = await listAlerts(ctx, { limit: 500 });
    return {
      dataDir,
      outboxPath: outbox.path,
      alerts,
      events: names,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await closeContext(ctx);
  }
}

/** Returns the configured data folder when it is empty or absent, else a new temporary folder. */
function demoDataDir(configured: string | undefined): string {
  if (configured) {
    const path = resolve(configured);
    if (!existsSync(path) || readdirSync(path).length === 0) return path;
  }
  return mkdtempSync(join(tmpdir(), 'abroad-demo-'));
}

function readFiles(files: string[]): DemoDocument[] {
  return files.map((file) => ({ fileName: basename(file), content: readFileSync(file, 'utf8') }));
}

function eventsOf(document: DemoDocument): HazardEvent[] {
  return parseFeedDocument(Buffer.from(document.content)).events;
}

/**
 * Returns a context whose scenario clock is the earliest `sent` of the document's events, so a feed
 * file is judged at its own time: an archived file still alerts, as it would have then.
 */
function scenarioContext(ctx: AppContext, events: HazardEvent[], outbox: FileOutbox): AppContext {
  const sent = Math.min(...events.map((event) => Date.parse(event.sent)).filter(Number.isFinite));
  if (!Number.isFinite(sent)) return ctx;
  const scenario: AppContext = {
    ...ctx,
    clock: { real: ctx.clock.real, scenario: () => new Date(sent) },
  };
  useSenders(scenario, [outbox]);
  return scenario;
}

/**
 * Registers the synthetic travelers with stays that cover every document's time, and, for
 * given feed files, a few more in the cities nearest each event.
 */
async function registerTravelers(
  ctx: AppContext,
  count: number,
  parsed: { events: HazardEvent[] }[],
): Promise<void> {
  const events = parsed.flatMap((entry) => entry.events);
  const windows = stayWindows(
    events.map((event) => Date.parse(event.sent)).filter(Number.isFinite),
  );
  const extra: DemoPlace[] = [];
  for (const event of events.slice(0, 200)) {
    const anchor = anchorOf(event);
    if (!anchor) continue;
    const cities = citiesNear(anchor[0], anchor[1], 150, 2);
    for (const city of cities) extra.push({ city: city.name, country: city.country });
    // Far from any listed city (at sea, in the mountains): a few travelers at the point itself.
    const country = cities.length === 0 ? countryAt(anchor[0], anchor[1]) : undefined;
    if (country) extra.push({ country, lon: anchor[0], lat: anchor[1] });
  }
  const csv = demoTravelersCsv(count, windows, dedupe(extra));
  await importTravelersCsv(ctx, csv, actor);
}

/** Date windows of two days before to a week after each cluster of send times. */
function stayWindows(times: number[]): { start: string; end: string }[] {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const sorted = [...new Set(times.map((ms) => Math.floor(ms / dayMs)))].sort((a, b) => a - b);
  const windows: { start: number; end: number }[] = [];
  for (const dayNumber of sorted.length > 0 ? sorted : [Math.floor(Date.now() / dayMs)]) {
    const last = windows[windows.length - 1];
    if (last && dayNumber - 2 <= last.end) last.end = Math.max(last.end, dayNumber + 7);
    else windows.push({ start: dayNumber - 2, end: dayNumber + 7 });
  }
  return windows.map((window) => ({
    start: day(window.start * dayMs),
    end: day(window.end * dayMs),
  }));
}

function anchorOf(event: HazardEvent): [number, number] | undefined {
  if (event.epicenter) return event.epicenter;
  for (const area of event.areas) {
    if (area.circles[0]) return area.circles[0].center;
    if (area.polygons[0]?.[0]) return area.polygons[0][0];
  }
  return undefined;
}

function dedupe(places: DemoPlace[]): DemoPlace[] {
  const seen = new Set<string>();
  return places.filter((place) => {
    const key = `${place.country}|${place.city ?? `${place.lat},${place.lon}`}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function labelOf(event: HazardEvent, fileName: string): string {
  const headline = event.headline?.en ?? Object.values(event.headline ?? {})[0] ?? event.event;
  return `${headline || event.event || fileName}`.slice(0, 60);
}

/** Reads the JSON lines of an outbox file. */
export function readOutbox(
  path: string,
): { deliveryId: string; alertId: string; travelerRef: string }[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map(
      (line) => JSON.parse(line) as { deliveryId: string; alertId: string; travelerRef: string },
    );
}
