import { statSync } from 'node:fs';
import type { AppContext } from '../context.js';
import type { Job } from '../work/job.js';
import { ingestFeedFolder } from './feed-folder.js';
import { pollDueFeeds } from './feed-poller.js';
import { loadFeedList, type FeedSpec } from './feeds-file.js';

/** How long a dropped file must rest unmodified before the folder job takes it, in ms. */
const FOLDER_SETTLE_MS = 2000;

/** The feed list, read again only when the file changes, so a bad list is reported once. */
let cachedList: { path: string; mtimeMs: number; feeds: FeedSpec[] | Error } | undefined;

function feedList(ctx: AppContext, path: string): FeedSpec[] {
  const mtimeMs = statSync(path).mtimeMs;
  if (cachedList?.path !== path || cachedList.mtimeMs !== mtimeMs) {
    let feeds: FeedSpec[] | Error;
    try {
      feeds = loadFeedList(path);
      ctx.log.info(
        { component: 'feed-poller', file: path, feeds: feeds.length },
        'feed list loaded',
      );
    } catch (error) {
      feeds = error as Error;
      ctx.log.error(
        { component: 'feed-poller', file: path, error: feeds.message },
        'feed list rejected; fix it to resume polling',
      );
    }
    cachedList = { path, mtimeMs, feeds };
  }
  return cachedList.feeds instanceof Error ? [] : cachedList.feeds;
}

/** Polls the feeds of ABROAD_FEEDS_FILE that are due. */
export const feedPollJob: Job = {
  name: 'hazard-feed-poll',
  intervalMs: 5000,
  async run(ctx) {
    if (!ctx.config.feedsFile) return;
    await pollDueFeeds(ctx, feedList(ctx, ctx.config.feedsFile));
  },
};

/** Ingests files dropped into ABROAD_FEED_DIR. */
export const feedFolderJob: Job = {
  name: 'hazard-feed-folder',
  intervalMs: 5000,
  async run(ctx, options) {
    if (!ctx.config.feedDir) return;
    await ingestFeedFolder(ctx, ctx.config.feedDir, {
      settleMs: options.once ? 0 : FOLDER_SETTLE_MS,
    });
  },
};

export function hazardJobs(): Job[] {
  return [feedPollJob, feedFolderJob];
}
