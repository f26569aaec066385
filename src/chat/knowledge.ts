import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { ChatLanguage } from './chat.tables.js';

const entrySchema = z.object({
  id: z.string().min(1),
  match: z.array(z.array(z.string().min(1)).min(1)).min(1),
  answer: z.object({ ko: z.string().min(1).max(900), en: z.string().min(1).max(900) }),
  menu: z.string().optional(),
});

const knowledgeSchema = z.object({ entries: z.array(entrySchema) });

export type KnowledgeEntry = z.infer<typeof entrySchema>;

export const defaultKnowledgeFile = new URL('./knowledge-base.json', import.meta.url);

/**
 * Loads the knowledge base: common cases of the call center and their answers. The file is
 * data, meant to be edited by staff; a malformed file fails at start-up, naming the entry.
 */
export function loadKnowledge(file: URL | string = defaultKnowledgeFile): KnowledgeEntry[] {
  const parsed = knowledgeSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(`invalid knowledge base ${String(file)}: ${problems.join('; ')}`);
  }
  return parsed.data.entries.map((entry) => ({
    ...entry,
    match: entry.match.map((group) => group.map((word) => word.toLowerCase())),
  }));
}

/**
 * Finds the entry for a question: every word group of an entry must occur in the text. When
 * several match, the one with the most groups (the most specific) wins, then file order.
 */
export function findAnswer(entries: KnowledgeEntry[], text: string): KnowledgeEntry | undefined {
  const lower = text.toLowerCase();
  let best: KnowledgeEntry | undefined;
  for (const entry of entries) {
    const hit = entry.match.every((group) => group.some((word) => lower.includes(word)));
    if (hit && (!best || entry.match.length > best.match.length)) best = entry;
  }
  return best;
}

let loaded: KnowledgeEntry[] | undefined;

/** The bundled knowledge base, loaded on first use. */
export function knowledgeBase(): KnowledgeEntry[] {
  loaded ??= loadKnowledge();
  return loaded;
}

/** Returns the bundled answer for a text, for replies that add guidance to another path. */
export function knowledgeAnswer(text: string, language: ChatLanguage): string | undefined {
  return findAnswer(knowledgeBase(), text)?.answer[language];
}
