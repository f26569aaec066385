import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('applies defaults on an empty environment', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.dbSchema).toBe('public');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir.endsWith('/data')).toBe(true);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('lists every bad variable with its value and expected form', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x', ABROAD_NOW: 'soon' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.find((line) => line.startsWith('PORT="abc"'))).toContain('whole number');
    expect(problems.find((line) => line.startsWith('LOG_LEVEL="loud"'))).toContain('debug');
    expect(problems.find((line) => line.startsWith('DATABASE_URL='))).toContain('postgres://');
    expect(problems.find((line) => line.startsWith('ABROAD_NOW='))).toContain('ISO 8601');
  });

  it('rejects a port out of range', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT="70000"/);
  });

  it('rejects a schema name that is not a plain identifier', () => {
    expect(() => loadConfig({ ABROAD_DB_SCHEMA: 'x; drop table staff' })).toThrow(
      /ABROAD_DB_SCHEMA/,
    );
  });
});
