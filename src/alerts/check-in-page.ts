import { createHash } from 'node:crypto';
import type { AppContext } from '../context.js';
import { NotFoundError } from '../server/errors.js';
import type { CheckInAnswer } from './alerts.tables.js';
import { linkKey, parseLinkToken, signatureMatches } from './check-in-link.js';
import { recordCheckIn } from './check-ins.js';
import { grantPermits } from './rate-limit.js';
import { templateByCode } from './templates.js';

/** Requests one address may make to check-in links per minute. */
export const checkInRequestsPerMinute = 30;

export interface LinkTarget {
  alertId: string;
  travelerId: string;
  hazardName: string;
  placeName: string;
  answer: CheckInAnswer | null;
}

/** Resolves a signed link token to its alert target; undefined for any bad or unknown token. */
export async function resolveLink(ctx: AppContext, token: string): Promise<LinkTarget | undefined> {
  const parsed = parseLinkToken(token);
  if (!parsed) return undefined;
  const target = await ctx.db
    .selectFrom('alert_targets')
    .innerJoin('alerts', 'alerts.id', 'alert_targets.alert_id')
    .select([
      'alert_targets.alert_id',
      'alert_targets.traveler_id',
      'alert_targets.place_name',
      'alerts.template_code',
      'alerts.kind',
      'alerts.parent_alert_id',
    ])
    .where('alert_targets.link_code', '=', parsed.code)
    .executeTakeFirst();
  if (!target) return undefined;

  const key = await linkKey(ctx.db);
  const identity = {
    alertId: target.alert_id,
    travelerId: target.traveler_id,
    linkCode: parsed.code,
  };
  if (!signatureMatches(key, identity, parsed.signature)) return undefined;

  const questionId =
    target.kind === 'reminder' && target.parent_alert_id ? target.parent_alert_id : target.alert_id;
  const answered = await ctx.db
    .selectFrom('check_ins')
    .select('answer')
    .where('alert_id', '=', questionId)
    .where('traveler_id', '=', target.traveler_id)
    .executeTakeFirst();
  return {
    alertId: target.alert_id,
    travelerId: target.traveler_id,
    hazardName: templateByCode(target.template_code)?.hazardName ?? '안전 알림',
    placeName: target.place_name,
    answer: answered?.answer ?? null,
  };
}

/**
 * Counts a request from an address against its per-minute budget; false once it is spent.
 * Addresses are hashed before they reach the database.
 */
export async function allowAddress(ctx: AppContext, address: string): Promise<boolean> {
  const hashed = createHash('sha256').update(address).digest('base64url').slice(0, 16);
  const now = ctx.clock.real().getTime();
  const slot = now - (now % 60_000);
  return (
    (await grantPermits(ctx.db, `check-in:${hashed}`, slot, 1, checkInRequestsPerMinute)) === 1
  );
}

export async function answerLink(ctx: AppContext, token: string, answer: CheckInAnswer) {
  const target = await resolveLink(ctx, token);
  if (!target) throw new NotFoundError('check-in link', token.slice(0, 8));
  return recordCheckIn(ctx, {
    alertId: target.alertId,
    travelerId: target.travelerId,
    answer,
    via: 'link',
  });
}

const answerLabels: Record<CheckInAnswer, string> = {
  safe: '안전합니다',
  'need-help': '도움이 필요합니다',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
button{display:block;width:100%;font-size:1.2rem;padding:1rem;margin:.75rem 0;border-radius:.5rem;border:1px solid #888}
.help{background:#b00020;color:#fff}.safe{background:#0a7d32;color:#fff}.chosen{outline:4px solid #222}</style>
</head><body>${body}
<p>영사콜센터(24시간): <a href="tel:+82232100404">+82-2-3210-0404</a></p></body></html>`;
}

/**
 * The question page. The link only shows it: answering takes a POST from its buttons, so
 * link previews and mail scanners that open the URL never answer for the traveler.
 */
export function questionPage(target: LinkTarget, token: string, suggested?: CheckInAnswer): string {
  const button = (answer: CheckInAnswer, cls: string) =>
    `<button type="submit" name="answer" value="${answer}" class="${cls}${suggested === answer ? ' chosen' : ''}">${answerLabels[answer]}</button>`;
  const earlier = target.answer
    ? `<p>이전 응답: <strong>${answerLabels[target.answer]}</strong> (다시 응답하면 바뀝니다)</p>`
    : '';
  return page(
    '외교부 안부 확인',
    `<h1>외교부 안부 확인</h1>
<p>${escapeHtml(target.placeName)} 일대 ${escapeHtml(target.hazardName)} 안전 알림입니다. 지금 안전하신지 알려 주십시오.</p>${earlier}
<form method="post" action="/c/${escapeHtml(token)}">${button('safe', 'safe')}${button('need-help', 'help')}</form>`,
  );
}

export function thanksPage(answer: CheckInAnswer): string {
  const next =
    answer === 'need-help'
      ? '<p>영사 담당자가 곧 연락드립니다. 위급하면 현지 긴급번호나 영사콜센터로 바로 전화하십시오.</p>'
      : '<p>응답해 주셔서 감사합니다. 계속 현지 당국의 안내를 따르십시오.</p>';
  return page('응답 완료', `<h1>응답을 받았습니다: ${answerLabels[answer]}</h1>${next}`);
}

export function problemPage(title: string, text: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>`);
}
