import type { AppContext } from '../context.js';
import { maskValue } from '../log.js';
import { staysOf, toTraveler } from './travelers.repo.js';

export interface ExportOptions {
  includeContacts: boolean;
  /** Only travelers with a stay under this mission (a consul's jurisdiction). */
  missionCode?: string;
}

/**
 * Yields one object per traveler with its stays, in pages. Phone, user key and e-mail are
 * included only when asked for; otherwise they are masked.
 */
export async function* exportTravelers(ctx: AppContext, options: ExportOptions) {
  let after = '';
  for (;;) {
    let select = ctx.db
      .selectFrom('travelers')
      .selectAll()
      .where('erased_at', 'is', null)
      .where('id', '>', after)
      .orderBy('id')
      .limit(500);
    if (options.missionCode) {
      const mission = options.missionCode;
      select = select.where((eb) =>
        eb.exists(
          eb
            .selectFrom('stays')
            .select('stays.id')
            .whereRef('stays.traveler_id', '=', 'travelers.id')
            .where('stays.mission_code', '=', mission),
        ),
      );
    }
    const rows = await select.execute();
    if (rows.length === 0) return;
    const stays = await staysOf(
      ctx.db,
      rows.map((row) => row.id),
    );
    for (const row of rows) {
      const traveler = toTraveler(row);
      // A consul's export holds only the stays under the consul's own mission.
      const own = stays.filter(
        (stay) =>
          stay.travelerId === row.id &&
          (!options.missionCode || stay.missionCode === options.missionCode),
      );
      yield { ...withContacts(traveler, options.includeContacts), stays: own };
    }
    after = rows[rows.length - 1].id;
  }
}

function withContacts(traveler: ReturnType<typeof toTraveler>, include: boolean) {
  if (include) return traveler;
  const mask = (value: string | null) => (value ? maskValue(value) : null);
  return {
    ...traveler,
    phone: mask(traveler.phone),
    kakaoUserKey: mask(traveler.kakaoUserKey),
    email: mask(traveler.email),
  };
}
