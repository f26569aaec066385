import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { ChannelSender, SendResult } from '../channels/index.js';
import type { AppContext } from '../context.js';
import { buildMessage, loadBatch, type BatchData } from './dispatch-batch.js';
import { claimDueDeliveries, type DeliveryRow } from './deliveries.repo.js';
import { SlotRateLimiter } from './rate-limit.js';
import { sendersFor, type SenderMap } from './senders.js';
import { settleBatch, type Settlement } from './settle.js';

/** Parallel sends per channel when the channel has no rate limit. */
const unlimitedConcurrency = 256;

export interface DispatchOptions {
  signal?: AbortSignal;
  /** Stop after this many claimed batches; unset drains everything due now. */
  maxBatches?: number;
}

export interface Dispatcher {
  workerId: string;
  /** Claims and sends due deliveries until none are due. Returns how many it settled. */
  drain(options?: DispatchOptions): Promise<number>;
}

/** Creates the dispatcher of one worker process. Its id marks the leases the process holds. */
export function createDispatcher(ctx: AppContext): Dispatcher {
  const workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const limiters = new Map<string, SlotRateLimiter>();
  const limiterFor = (channel: string) => {
    const rate = ctx.config.sendRates[channel];
    if (!rate) return undefined;
    let limiter = limiters.get(channel);
    if (!limiter) {
      limiter = new SlotRateLimiter(ctx.db, `send:${channel}`, rate);
      limiters.set(channel, limiter);
    }
    return limiter;
  };
  return {
    workerId,
    drain: (options = {}) => drain(ctx, workerId, limiterFor, options),
  };
}

async function drain(
  ctx: AppContext,
  workerId: string,
  limiterFor: (channel: string) => SlotRateLimiter | undefined,
  options: DispatchOptions,
): Promise<number> {
  const senders = sendersFor(ctx);
  let settled = 0;
  for (let batches = 0; batches < (options.maxBatches ?? Infinity); batches += 1) {
    if (options.signal?.aborted) break;
    const rows = await claimDueDeliveries(ctx.db, {
      workerId,
      limit: claimLimit(ctx, senders),
      now: ctx.clock.real(),
      leaseMs: ctx.config.deliveryLeaseSeconds * 1000,
    });
    if (rows.length === 0) break;

    const batch = await loadBatch(ctx, rows);
    for (const [channel, group] of groupByChannel(rows)) {
      const sender = senders.get(channel as ChannelSender['channel']);
      const run = {
        ctx,
        workerId,
        batch,
        senders,
        limiter: limiterFor(channel),
        signal: options.signal,
      };
      await sendGroup(run, sender, group);
    }
    settled += rows.length;
  }
  return settled;
}

/**
 * Returns how many rows to claim. A batch must be sent well within its lease, or recovery
 * would take it over while it is still being sent. So with rate-limited channels the claim is
 * cut to a third of what the slowest limit lets through in one lease.
 */
function claimLimit(ctx: AppContext, senders: SenderMap): number {
  const rates = [...senders.keys()]
    .map((channel) => ctx.config.sendRates[channel])
    .filter((rate): rate is number => typeof rate === 'number' && rate > 0);
  if (rates.length === 0) return ctx.config.dispatchBatch;
  const perLease = Math.floor((Math.min(...rates) * ctx.config.deliveryLeaseSeconds * 10) / 36);
  return Math.max(1, Math.min(ctx.config.dispatchBatch, perLease));
}

function groupByChannel(rows: DeliveryRow[]): Map<string, DeliveryRow[]> {
  const groups = new Map<string, DeliveryRow[]>();
  for (const row of rows) {
    const group = groups.get(row.channel) ?? [];
    group.push(row);
    groups.set(row.channel, group);
  }
  return groups;
}

interface GroupRun {
  ctx: AppContext;
  workerId: string;
  batch: BatchData;
  senders: SenderMap;
  limiter: SlotRateLimiter | undefined;
  signal: AbortSignal | undefined;
}

/**
 * Sends one channel's rows: permits from the shared rate limit first, then that many sends in
 * parallel, then their outcomes written together. Before every round the alerts' status is
 * read again, so a halt stops what is still waiting here.
 */
async function sendGroup(run: GroupRun, sender: ChannelSender | undefined, rows: DeliveryRow[]) {
  let next = 0;
  while (next < rows.length) {
    const wanted = Math.min(rows.length - next, unlimitedConcurrency);
    const permits = run.limiter ? await run.limiter.take(wanted, run.signal) : wanted;
    if (permits === 0) return; // aborted: the leases run out and recovery takes the rows.
    rows = await keepLeases(run, rows, next);
    const round = rows.slice(next, next + permits);
    next += round.length;

    const halted = await haltedAlerts(run.ctx, round);
    const settlements = await Promise.all(
      round.map((row) => attempt(run, sender, row, halted.has(row.alert_id))),
    );
    await settleBatch(run.ctx, run.workerId, settlements, run.senders);
  }
}

/**
 * Renews the leases of the rows not sent yet once half the lease has passed, and drops rows
 * whose lease another worker took over meanwhile, so a slow group never sends a row twice.
 */
async function keepLeases(run: GroupRun, rows: DeliveryRow[], from: number) {
  const leaseMs = run.ctx.config.deliveryLeaseSeconds * 1000;
  const now = run.ctx.clock.real().getTime();
  const leaseEnds = Date.parse(rows[from]?.lease_until ?? '');
  if (!(leaseEnds - now < leaseMs / 2)) return rows;

  const pending = rows.slice(from);
  const until = new Date(now + leaseMs).toISOString();
  const kept = new Set<string>();
  for (let start = 0; start < pending.length; start += 500) {
    const renewed = await run.ctx.db
      .updateTable('deliveries')
      .set({ lease_until: until })
      .where(
        'id',
        'in',
        pending.slice(start, start + 500).map((row) => row.id),
      )
      .where('state', '=', 'sending')
      .where('lease_owner', '=', run.workerId)
      .returning('id')
      .execute();
    for (const row of renewed) kept.add(row.id);
  }
  const still = pending
    .filter((row) => kept.has(row.id))
    .map((row) => ({ ...row, lease_until: until }));
  return [...rows.slice(0, from), ...still];
}

async function haltedAlerts(ctx: AppContext, rows: DeliveryRow[]): Promise<Set<string>> {
  const ids = [...new Set(rows.map((row) => row.alert_id))];
  const stopped = await ctx.db
    .selectFrom('alerts')
    .select('id')
    .where('id', 'in', ids)
    .where('status', 'in', ['halted', 'rejected'])
    .execute();
  return new Set(stopped.map((alert) => alert.id));
}

async function attempt(
  run: GroupRun,
  sender: ChannelSender | undefined,
  row: DeliveryRow,
  halted: boolean,
): Promise<Settlement> {
  const contact = run.batch.contacts.get(row.traveler_id);
  if (halted) return { row, contact, result: { outcome: 'halted' } };
  if (!sender)
    return { row, contact, result: permanent(row, 'no-sender', 'channel not configured') };

  const built = await buildMessage(run.ctx, run.batch, row);
  if ('problem' in built)
    return { row, contact, result: permanent(row, 'message-invalid', built.problem) };
  try {
    return { row, contact, result: await sender.send(built.message) };
  } catch (error) {
    // An adapter that throws is treated like a timeout: the provider may or may not have it.
    const detail = (error as Error).message ?? String(error);
    run.ctx.log.warn(
      { component: 'dispatch', deliveryId: row.id, channel: row.channel, err: error },
      'send threw',
    );
    return {
      row,
      contact,
      result: { outcome: 'retryable', channel: sender.channel, code: 'exception', detail },
    };
  }
}

function permanent(row: DeliveryRow, code: string, detail: string): SendResult {
  const channel = row.channel as ChannelSender['channel'];
  return { outcome: 'permanent', channel, scope: 'channel', code, detail };
}
