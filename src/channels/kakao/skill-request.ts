import { z } from 'zod';

/**
 * A Kakao i Open Builder skill request (SkillPayload), reduced to what the conversation engine
 * uses. Kakao adds request fields without notice, so parsing ignores unknown fields and falls
 * back to a default for any known field of the wrong type; only a missing user id rejects a
 * request, because without it no conversation can be found.
 */
export interface SkillRequest {
  /** `userRequest.user.id`: a botUserKey (per bot, up to 70 characters) or a test accountId. */
  userKey: string;
  userKeyType: string;
  /** Channel-level key that survives a change of bot. */
  plusfriendUserKey: string | null;
  appUserId: string | null;
  isFriend: boolean | null;
  utterance: string;
  /** `userRequest.lang` as sent: "ko", older "kr", or null from the skill test console. */
  lang: string | null;
  timezone: string | null;
  callbackUrl: string | null;
  blockId: string | null;
  blockName: string | null;
  botId: string | null;
  actionName: string | null;
  actionParams: Record<string, string>;
  /** The `extra` of the button or quick reply that triggered the block. */
  clientExtra: Record<string, unknown>;
  surface: string | null;
  /** True for the admin test panel and the skill test console (`params.ignoreMe`). */
  fromTestTool: boolean;
}

const text = z.string().nullish().catch(null);
const record = z.record(z.string(), z.unknown()).nullish().catch(null);
const nameAndId = z.object({ id: text, name: text }).nullish().catch(null);

const userSchema = z.object({
  id: z.string().trim().min(1).max(200),
  type: text,
  properties: record,
});

const payloadSchema = z.object({
  userRequest: z.object({
    user: userSchema,
    utterance: z.string().nullish().catch(null),
    lang: text,
    timezone: text,
    callbackUrl: text,
    block: nameAndId,
    params: record,
  }),
  bot: nameAndId,
  action: z.object({ name: text, params: record, clientExtra: record }).nullish().catch(null),
});

export type SkillParseResult =
  { ok: true; request: SkillRequest } | { ok: false; problems: string[] };

/** Parses a skill request body leniently; see SkillRequest for what is kept. */
export function parseSkillRequest(body: unknown): SkillParseResult {
  const parsed = payloadSchema.safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`,
    );
    return { ok: false, problems };
  }

  const { userRequest, bot, action } = parsed.data;
  const properties = userRequest.user.properties ?? {};
  const params = userRequest.params ?? {};
  return {
    ok: true,
    request: {
      userKey: userRequest.user.id,
      userKeyType: userRequest.user.type ?? 'botUserKey',
      plusfriendUserKey: stringOrNull(properties.plusfriendUserKey),
      appUserId: stringOrNull(properties.appUserId),
      isFriend: typeof properties.isFriend === 'boolean' ? properties.isFriend : null,
      utterance: userRequest.utterance ?? '',
      lang: userRequest.lang ?? null,
      timezone: userRequest.timezone ?? null,
      callbackUrl: userRequest.callbackUrl ?? null,
      blockId: userRequest.block?.id ?? null,
      blockName: userRequest.block?.name ?? null,
      botId: bot?.id ?? null,
      actionName: action?.name ?? null,
      actionParams: stringValues(action?.params ?? {}),
      clientExtra: action?.clientExtra ?? {},
      surface: stringOrNull(params.surface),
      fromTestTool: params.ignoreMe === 'true' || params.ignoreMe === true,
    },
  };
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** Entity values arrive as strings; anything else is stringified so callers see one type. */
function stringValues(params: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined) continue;
    out[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return out;
}
