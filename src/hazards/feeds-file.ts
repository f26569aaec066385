import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const feedKinds = ['cap', 'usgs', 'gdacs', 'jma'] as const;

/** One feed the worker polls. */
export interface FeedSpec {
  url: string;
  /** The source the feed is expected to carry; a document of another kind is still stored. */
  kind: (typeof feedKinds)[number];
  intervalSeconds: number;
}

const feedSchema = z.object({
  url: z
    .string({ error: 'expected an http or https URL' })
    .regex(/^https?:\/\/\S+$/i, 'expected an http or https URL'),
  kind: z.enum(feedKinds, { error: `expected one of ${feedKinds.join(', ')}` }),
  intervalSeconds: z
    .number({ error: 'expected a whole number of seconds from 10 to 86400' })
    .int('expected a whole number of seconds from 10 to 86400')
    .min(10, 'expected a whole number of seconds from 10 to 86400')
    .max(86_400, 'expected a whole number of seconds from 10 to 86400'),
});

const feedListSchema = z.array(feedSchema, { error: 'expected a JSON array of feeds' });

export class FeedListError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeedListError';
  }
}

/**
 * Reads the feed list: a JSON array of {url, kind, intervalSeconds}. Every invalid entry is
 * reported at once with its position, value and the expected form.
 */
export function loadFeedList(path: string): FeedSpec[] {
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new FeedListError(
      `feed list ${path} could not be read as JSON: ${(error as Error).message}`,
    );
  }

  const parsed = feedListSchema.safeParse(document);
  if (parsed.success) return parsed.data;

  const problems = parsed.error.issues.map((issue) => {
    const where = issue.path
      .map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`))
      .join('');
    return `  ${where || '(root)'}: ${issue.message}`;
  });
  throw new FeedListError(`feed list ${path} is invalid:\n${problems.join('\n')}`);
}
