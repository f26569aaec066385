import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { FeedError } from './feed-error.js';
import { MAX_DOCUMENT_BYTES } from './xml/decode.js';

/**
 * Reads a feed document from a file, checking its type and size before reading any of it:
 * anything other than a regular file (a device such as /dev/zero, a FIFO, a socket) and any
 * file above `maxBytes` is rejected with a FeedError naming the size and the limit. At most
 * `maxBytes + 1` bytes are read, so a file that grows meanwhile is caught too.
 */
export async function readFeedFile(path: string, maxBytes = MAX_DOCUMENT_BYTES): Promise<Buffer> {
  checkFileStats(await stat(path), maxBytes);

  // O_NONBLOCK keeps open() from waiting for a writer if a FIFO replaced the file after stat.
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = await handle.stat();
    checkFileStats(stats, maxBytes);
    const buffer = Buffer.alloc(Math.min(stats.size, maxBytes) + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) throw tooLarge(`more than ${maxBytes}`, maxBytes);
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

function checkFileStats(
  stats: { isFile(): boolean; isDirectory(): boolean; size: number },
  maxBytes: number,
) {
  if (stats.isDirectory()) {
    throw new FeedError('not-a-file', 'is a folder, expected a regular file');
  }
  if (!stats.isFile()) {
    throw new FeedError(
      'not-a-file',
      'is not a regular file (a device, FIFO or socket); save the document to a file first',
    );
  }
  if (stats.size > maxBytes) throw tooLarge(String(stats.size), maxBytes);
}

function tooLarge(size: string, maxBytes: number): FeedError {
  return new FeedError(
    'too-large',
    `file is ${size} bytes, above the limit of ${maxBytes} bytes; split the feed or fetch a shorter period`,
  );
}
