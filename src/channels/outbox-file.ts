import { mkdir, open, readFile, rename, truncate } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { maskValue, type Logger } from '../log.js';
import type {
  ChannelMessage,
  ChannelSender,
  LookupResult,
  MessageButton,
  SendResult,
} from './channel.js';

/** One line of outbox.jsonl. The recipient is masked: the file is for reading, not sending. */
export interface OutboxLine {
  deliveryId: string;
  alertId: string;
  travelerRef: string;
  channel: 'file';
  /** Masked phone number or Kakao user key. */
  to: string;
  templateCode: string;
  text: string;
  buttons: MessageButton[];
  sentAt: string;
}

interface PendingLine {
  line: OutboxLine;
  settle: (error?: Error) => void;
}

export interface FileOutboxOptions {
  log: Logger;
  now?: () => Date;
}

export const outboxFileName = 'outbox.jsonl';

/**
 * The channel used when no provider is configured: each message becomes one JSON line in a file.
 * A send resolves once its line is fsynced; lines that arrive during a flush share the next one.
 * Sending a deliveryId again writes nothing, because an index of the ids in the file is kept
 * and rebuilt from the file on first use. One process owns one outbox file: two processes
 * writing the same file would each keep their own index.
 */
export class FileOutbox implements ChannelSender {
  readonly channel = 'file' as const;
  private readonly ids = new Set<string>();
  private readonly now: () => Date;
  private loaded: Promise<void> | undefined;
  private pending: PendingLine[] = [];
  private fileLock: Promise<unknown> = Promise.resolve();
  private flushScheduled = false;

  constructor(
    readonly path: string,
    private readonly options: FileOutboxOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** Opens the outbox file inside a data folder. */
  static inDataDir(dataDir: string, options: FileOutboxOptions): FileOutbox {
    return new FileOutbox(join(dataDir, outboxFileName), options);
  }

  async send(message: ChannelMessage): Promise<SendResult> {
    await this.load();
    const accepted = (duplicate: boolean): SendResult => ({
      outcome: 'accepted',
      channel: 'file',
      providerRequestId: message.deliveryId,
      duplicate,
    });
    if (this.ids.has(message.deliveryId)) return accepted(true);

    this.ids.add(message.deliveryId);
    try {
      await this.append(toLine(message, this.now()));
    } catch (error) {
      this.ids.delete(message.deliveryId);
      const detail = `writing delivery ${message.deliveryId} to ${this.path} failed: ${(error as Error).message}; check that the data folder is writable`;
      this.options.log.warn({ channel: 'file', deliveryId: message.deliveryId }, detail);
      return { outcome: 'retryable', channel: 'file', code: 'write-failed', detail };
    }
    return accepted(false);
  }

  async lookup(groupingKey: string): Promise<LookupResult> {
    await this.load();
    if (!this.ids.has(groupingKey)) return { found: false };
    return {
      found: true,
      providerRequestId: groupingKey,
      state: 'delivered',
      resultCode: 'written',
    };
  }

  /** Rewrites the file without the lines of one traveler; returns the number of lines removed. */
  eraseTraveler(travelerRef: string): Promise<number> {
    return this.eraseTravelers([travelerRef]);
  }

  /**
   * Rewrites the file without the lines of these travelers (retention purge). The new file is
   * written beside the old one, fsynced and renamed over it, so a crash leaves one or the other.
   * Returns the number of lines removed.
   */
  async eraseTravelers(travelerRefs: string[]): Promise<number> {
    await this.load();
    const erased = new Set(travelerRefs);
    return this.withFileLock(async () => {
      const lines = await this.readLines();
      const kept = lines.filter((line) => !erased.has(parseLine(line)?.travelerRef ?? ''));
      const removed = lines.length - kept.length;
      if (removed === 0) return 0;

      const temporary = `${this.path}.${process.pid}.tmp`;
      await writeDurably(temporary, kept.map((line) => `${line}\n`).join(''), 'w');
      await rename(temporary, this.path);
      await syncDirectory(dirname(this.path));

      this.ids.clear();
      for (const line of kept) this.indexLine(line);
      for (const entry of this.pending) this.ids.add(entry.line.deliveryId);
      return removed;
    });
  }

  private load(): Promise<void> {
    this.loaded ??= this.withFileLock(async () => {
      await mkdir(dirname(this.path), { recursive: true });
      for (const line of await this.readLines()) this.indexLine(line);
    });
    return this.loaded;
  }

  /** Reads the complete lines; a torn last line (a crash during a write) is cut off. */
  private async readLines(): Promise<string[]> {
    let content: string;
    try {
      content = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }

    const end = content.lastIndexOf('\n') + 1;
    if (end < content.length) {
      this.options.log.warn(
        { channel: 'file', path: this.path, bytes: Buffer.byteLength(content.slice(end)) },
        'removing the incomplete last line of the outbox, left by an interrupted write',
      );
      await truncate(this.path, Buffer.byteLength(content.slice(0, end)));
    }
    return content
      .slice(0, end)
      .split('\n')
      .filter((line) => line.trim() !== '');
  }

  private indexLine(line: string): void {
    const parsed = parseLine(line);
    if (parsed) {
      this.ids.add(parsed.deliveryId);
    } else {
      this.options.log.warn(
        { channel: 'file', path: this.path },
        'skipping an outbox line that is not JSON with a deliveryId',
      );
    }
  }

  private append(line: OutboxLine): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ line, settle: (error) => (error ? reject(error) : resolve()) });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        void this.withFileLock(() => this.flush());
      }
    });
  }

  /** Writes every waiting line with one write and one fsync. */
  private async flush(): Promise<void> {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;

    try {
      const text = batch.map((entry) => `${JSON.stringify(entry.line)}\n`).join('');
      await writeDurably(this.path, text, 'a');
      for (const entry of batch) entry.settle();
    } catch (error) {
      for (const entry of batch) entry.settle(error as Error);
    }
  }

  /** Runs file operations one at a time: appends, the purge rewrite and the index load. */
  private withFileLock<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.fileLock.then(operation);
    this.fileLock = result.catch(() => undefined);
    return result;
  }
}

function toLine(message: ChannelMessage, now: Date): OutboxLine {
  const recipient = message.phone ?? message.kakaoUser?.id;
  return {
    deliveryId: message.deliveryId,
    alertId: message.alertId,
    travelerRef: message.travelerRef,
    channel: 'file',
    to: recipient ? maskValue(recipient) : '',
    templateCode: message.templateCode,
    text: message.text,
    buttons: message.buttons,
    sentAt: now.toISOString(),
  };
}

function parseLine(line: string): OutboxLine | undefined {
  try {
    const parsed = JSON.parse(line) as Partial<OutboxLine>;
    return typeof parsed.deliveryId === 'string' ? (parsed as OutboxLine) : undefined;
  } catch {
    return undefined;
  }
}

async function writeDurably(path: string, text: string, flags: 'a' | 'w'): Promise<void> {
  const handle = await open(path, flags, 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes a rename durable; some file systems refuse fsync on a directory, which is harmless. */
async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } catch {
    // EINVAL or EISDIR on file systems without directory fsync.
  } finally {
    await handle.close();
  }
}
