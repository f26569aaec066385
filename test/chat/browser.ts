import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveChromium = existsSync(chromiumPath);

/**
 * A headless Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe:
 * JSON messages separated by NUL bytes on file descriptors 3 and 4), enough to open a page,
 * run script in it and type text.
 */
export class Browser {
  private nextId = 1;
  private buffer = '';
  private readonly pending = new Map<
    number,
    { resolve(value: any): void; reject(error: Error): void }
  >();
  private sessionId: string | undefined;

  private constructor(
    private readonly child: ChildProcess,
    private readonly profile: string,
  ) {
    const reader = child.stdio[4] as Readable;
    reader.setEncoding('utf8');
    reader.on('data', (chunk: string) => this.receive(chunk));
  }

  static async launch(): Promise<Browser> {
    const profile = mkdtempSync(join(tmpdir(), 'abroad-chromium-'));
    const child = spawn(
      chromiumPath,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
        `--user-data-dir=${profile}`,
        '--remote-debugging-pipe',
        'about:blank',
      ],
      { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
    );
    return new Browser(child, profile);
  }

  private receive(chunk: string) {
    this.buffer += chunk;
    let end = this.buffer.indexOf('\0');
    while (end >= 0) {
      const message = JSON.parse(this.buffer.slice(0, end));
      this.buffer = this.buffer.slice(end + 1);
      const waiting = this.pending.get(message.id);
      if (waiting) {
        this.pending.delete(message.id);
        if (message.error)
          waiting.reject(new Error(`${message.error.message} (${message.error.code})`));
        else waiting.resolve(message.result);
      }
      end = this.buffer.indexOf('\0');
    }
  }

  private send(
    method: string,
    params: Record<string, unknown> = {},
    sessionId?: string,
  ): Promise<any> {
    const id = this.nextId++;
    const writer = this.child.stdio[3] as Writable;
    writer.write(
      `${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`,
    );
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      setTimeout(() => {
        if (this.pending.delete(id)) reject(new Error(`${method} timed out after 15 s`));
      }, 15_000);
    });
  }

  /** Opens a page in a new tab and attaches to it. */
  async open(url: string): Promise<void> {
    const { targetId } = await this.send('Target.createTarget', { url });
    const { sessionId } = await this.send('Target.attachToTarget', { targetId, flatten: true });
    this.sessionId = sessionId;
  }

  /** Runs an expression in the page and returns its value (promises are awaited). */
  async evaluate<T>(expression: string): Promise<T> {
    const result = await this.send(
      'Runtime.evaluate',
      { expression, awaitPromise: true, returnByValue: true },
      this.sessionId,
    );
    if (result.exceptionDetails)
      throw new Error(`page script failed: ${result.exceptionDetails.text}`);
    return result.result.value as T;
  }

  /** Polls an expression until it is truthy, or fails after the timeout. */
  async waitFor(expression: string, timeoutMs = 10_000): Promise<void> {
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      if (await this.evaluate<boolean>(`Boolean(${expression})`)) return;
      await new Promise((done) => setTimeout(done, 100));
    }
    throw new Error(`page never satisfied ${expression} within ${timeoutMs} ms`);
  }

  /** Types text into the focused element as keyboard input would. */
  async type(selector: string, text: string): Promise<void> {
    await this.evaluate(`document.querySelector(${JSON.stringify(selector)}).focus()`);
    await this.send('Input.insertText', { text }, this.sessionId);
  }

  async click(selector: string): Promise<void> {
    await this.evaluate(`document.querySelector(${JSON.stringify(selector)}).click()`);
  }

  async close(): Promise<void> {
    this.child.kill('SIGTERM');
    await new Promise((done) => {
      if (this.child.exitCode !== null) return done(undefined);
      this.child.once('exit', done);
      setTimeout(done, 3000);
    });
    rmSync(this.profile, { recursive: true, force: true });
  }
}
