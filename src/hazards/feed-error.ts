/** Reason a document was rejected as a whole. */
export type FeedErrorCode =
  | 'too-large'
  | 'not-a-file'
  | 'empty'
  | 'encoding'
  | 'not-well-formed'
  | 'dtd-forbidden'
  | 'unsupported-namespace'
  | 'invalid-cap'
  | 'invalid-value'
  | 'unsupported-format';

/**
 * A document that cannot be used at all. `message` is the reason, written for the person who
 * sent or dropped the file: what is wrong and, where one exists, what to do instead.
 */
export class FeedError extends Error {
  constructor(
    readonly code: FeedErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FeedError';
  }
}
