import { FeedError } from './feed-error.js';
import type { HazardEvent } from './hazard-event.js';
import { parseFeedDocument } from './parse-feed.js';

/** File reading and line output of the parse and ingest commands; the CLI passes the real ones. */
export interface CommandIo {
  readFile(path: string): Promise<Buffer>;
  stdout(line: string): void;
  stderr(line: string): void;
}

/**
 * Runs `abroad parse`: prints the events of each file without storing them, one JSON object
 * per line with `json`, else one summary line each. A file that cannot be read or parsed gets
 * one line "FILE: error: REASON" on stderr and makes the exit code 1; the other files still run.
 */
export async function runParse(
  files: string[],
  options: { json: boolean },
  io: CommandIo,
): Promise<number> {
  let exitCode = 0;
  for (const file of files) {
    try {
      const parsed = parseFeedDocument(await io.readFile(file));
      for (const warning of parsed.warnings) io.stderr(`${file}: warning: ${warning}`);
      for (const event of parsed.events) {
        io.stdout(options.json ? JSON.stringify(event) : summaryLine(file, event));
      }
    } catch (error) {
      io.stderr(`${file}: error: ${reasonOf(error)}`);
      exitCode = 1;
    }
  }
  return exitCode;
}

/** Returns the reason a file was rejected, in one line. Unexpected errors keep their message. */
export function reasonOf(error: unknown): string {
  if (error instanceof FeedError) return error.message;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EISDIR') return 'is a folder, expected a file';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

function summaryLine(file: string, event: HazardEvent): string {
  const countries = event.countries.length > 0 ? event.countries.join(',') : '-';
  return [
    file,
    `${event.source}:${event.sourceId}`,
    event.sent,
    event.msgType,
    event.severity,
    event.hazardType,
    countries,
    JSON.stringify(event.event),
  ].join('  ');
}
