import { describe, expect, it } from 'vitest';
import { effectiveSeverity, sendsAtOnce } from '../../src/alerts/severity.js';
import { loadConfig } from '../../src/config.js';

const table = loadConfig({}).quakeSeverity;

describe('effectiveSeverity', () => {
  it('keeps a severity the feed gives', () => {
    expect(
      effectiveSeverity({ severity: 'Moderate', hazardType: 'earthquake', magnitude: 7.5 }, table),
    ).toBe('moderate');
  });

  it('rates an unrated earthquake by the magnitude table', () => {
    const rate = (magnitude: number) =>
      effectiveSeverity({ severity: 'unknown', hazardType: 'earthquake', magnitude }, table);
    expect(rate(7.5)).toBe('extreme');
    expect(rate(7.0)).toBe('extreme');
    expect(rate(6.3)).toBe('severe');
    expect(rate(5.9)).toBe('moderate');
    expect(rate(4.1)).toBe('minor');
    expect(rate(2.5)).toBe('minor');
  });

  it('leaves other unrated hazards unknown', () => {
    expect(effectiveSeverity({ severity: null, hazardType: 'flood', magnitude: 7 }, table)).toBe(
      'unknown',
    );
    expect(
      effectiveSeverity({ severity: 'unknown', hazardType: 'earthquake', magnitude: null }, table),
    ).toBe('unknown');
  });

  it('follows a configured table', () => {
    const custom = loadConfig({ ABROAD_QUAKE_SEVERITY: '6.5:extreme,5.5:severe' }).quakeSeverity;
    expect(
      effectiveSeverity({ severity: 'unknown', hazardType: 'earthquake', magnitude: 6.6 }, custom),
    ).toBe('extreme');
    expect(
      effectiveSeverity({ severity: 'unknown', hazardType: 'earthquake', magnitude: 5.0 }, custom),
    ).toBe('minor');
  });

  it('rejects a malformed table naming the form', () => {
    expect(() => loadConfig({ ABROAD_QUAKE_SEVERITY: '7=extreme' })).toThrow(/magnitude:severity/);
  });
});

describe('sendsAtOnce', () => {
  it('sends at or above the threshold', () => {
    expect(sendsAtOnce('severe', 'severe')).toBe(true);
    expect(sendsAtOnce('extreme', 'severe')).toBe(true);
    expect(sendsAtOnce('moderate', 'severe')).toBe(false);
    expect(sendsAtOnce('unknown', 'minor')).toBe(false);
    expect(sendsAtOnce('unknown', 'unknown')).toBe(true);
  });

  it('sends nothing on its own when off', () => {
    expect(sendsAtOnce('extreme', 'off')).toBe(false);
  });
});
