import { expect, it } from 'vitest';
import { ValidationError } from '../../src/server/errors.js';
import { addStay, createTraveler, getTraveler, updateStay } from '../../src/travelers/index.js';
import { forEachDialect } from '../support/db.js';

const staff = { kind: 'system' as const, id: 'test' };
const consent = { version: 'stay-registration-v1' };

async function problemsOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ValidationError) return error.fields;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

forEachDialect('traveler registry', (get) => {
  it('registers a traveler and a stay in Tokyo by Korean city name', async () => {
    const traveler = await createTraveler(get().ctx, { phone: '+81 90-1234-5678', consent }, staff);
    expect(traveler.phone).toBe('+819012345678');
    expect(traveler.language).toBe('ko');
    expect(traveler.consentVersion).toBe('stay-registration-v1');

    const stay = await addStay(
      get().ctx,
      traveler.id,
      { country: 'JP', city: '도쿄', startDate: '2026-12-01', endDate: '2026-12-20' },
      staff,
    );
    expect(stay.timeZone).toBe('Asia/Tokyo');
    expect(stay.lat).toBeCloseTo(35.69, 0);
    expect(stay.missionCode).toBe('JP-TOKYO-EMB');
    expect((await getTraveler(get().ctx, traveler.id)).stays).toHaveLength(1);
  });

  it('registers a stay in a territory by coordinates', async () => {
    const traveler = await createTraveler(get().ctx, { consent }, staff);
    const stay = await addStay(
      get().ctx,
      traveler.id,
      { country: 'GU', lat: 13.5, lon: 144.8, startDate: '2026-12-01', endDate: '2026-12-05' },
      staff,
    );
    expect(stay.country).toBe('GU');
    expect(stay.timeZone).toBe('Pacific/Guam');
  });

  it('rejects a traveler without consent', async () => {
    const problems = await problemsOf(createTraveler(get().ctx, { phone: '+821012345678' }, staff));
    expect(problems.map((problem) => problem.field)).toEqual(['consent']);
  });

  it('rejects a phone that is not E.164, naming the value', async () => {
    const problems = await problemsOf(
      createTraveler(get().ctx, { phone: '010-1234', consent }, staff),
    );
    expect(problems[0].field).toBe('phone');
    expect(problems[0].value).toBe('010-1234');
    expect(problems[0].message).toContain('+821012345678');
  });

  it('rejects stay that ends before it starts', async () => {
    const traveler = await createTraveler(get().ctx, { consent }, staff);
    const problems = await problemsOf(
      addStay(
        get().ctx,
        traveler.id,
        { country: 'TH', city: 'Bangkok', startDate: '2026-12-10', endDate: '2026-12-01' },
        staff,
      ),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe('endDate');
    expect(problems[0].value).toBe('2026-12-01');
  });

  it('rejects a place outside its country', async () => {
    const traveler = await createTraveler(get().ctx, { consent }, staff);
    const problems = await problemsOf(
      addStay(
        get().ctx,
        traveler.id,
        { country: 'KR', lat: 35.68, lon: 139.76, startDate: '2026-12-01', endDate: '2026-12-02' },
        staff,
      ),
    );
    expect(problems[0].message).toContain('outside KR');
  });

  it('rejects an unknown country code and city together', async () => {
    const traveler = await createTraveler(get().ctx, { consent }, staff);
    const problems = await problemsOf(
      addStay(
        get().ctx,
        traveler.id,
        { country: 'XX', city: 'Nowhere', startDate: '2026-13-01', endDate: '2026-12-02' },
        staff,
      ),
    );
    expect(problems.map((problem) => problem.field).sort()).toEqual(['country', 'startDate']);
  });

  it('rejects moving a stay onto another stay of the traveler', async () => {
    const traveler = await createTraveler(get().ctx, { consent }, staff);
    const first = { country: 'JP', city: 'Tokyo', startDate: '2026-12-01', endDate: '2026-12-03' };
    await addStay(get().ctx, traveler.id, first, staff);
    const second = await addStay(
      get().ctx,
      traveler.id,
      { ...first, startDate: '2026-12-05', endDate: '2026-12-06' },
      staff,
    );
    await expect(
      updateStay(get().ctx, traveler.id, second.id, { startDate: '2026-12-01' }, staff),
    ).rejects.toMatchObject({ status: 409, code: 'stay-exists' });
  });

  it('rejects a consent time in the future or out of range', async () => {
    for (const at of ['+275760-09-13T00:00:00.001Z', '2999-01-01T00:00:00Z', '99999']) {
      const problems = await problemsOf(
        createTraveler(get().ctx, { consent: { version: 'v1', at } }, staff),
      );
      expect(
        problems.map((problem) => problem.field),
        at,
      ).toEqual(['consent.at']);
    }
  });

  it('rejects control characters and over-long names', async () => {
    const problems = await problemsOf(
      createTraveler(get().ctx, { name: 'a\u0000b', ref: 'x'.repeat(65), consent }, staff),
    );
    expect(problems.map((problem) => problem.field).sort()).toEqual(['name', 'ref']);
  });

  it('rejects a stay of implausible dates', async () => {
    const traveler = await createTraveler(get().ctx, { consent }, staff);
    const problems = await problemsOf(
      addStay(
        get().ctx,
        traveler.id,
        { country: 'JP', city: 'Tokyo', startDate: '2026-01-01', endDate: '9999-12-31' },
        staff,
      ),
    );
    expect(problems[0].message).toContain('2100-12-31');
  });

  it('moves a stay to another city and keeps it consistent', async () => {
    const traveler = await createTraveler(get().ctx, { consent }, staff);
    const stay = await addStay(
      get().ctx,
      traveler.id,
      { country: 'JP', city: 'Tokyo', startDate: '2026-12-01', endDate: '2026-12-03' },
      staff,
    );
    const moved = await updateStay(get().ctx, traveler.id, stay.id, { city: '오사카' }, staff);
    expect(moved.lon).toBeCloseTo(135.5, 0);
    expect(moved.startDate).toBe('2026-12-01');
  });
});
