import { describe, expect, it } from 'vitest';
import { idPattern, newId } from '../../src/ids.js';

describe('newId', () => {
  it('makes UUIDv7 ids that sort in creation order', () => {
    const ids = Array.from({ length: 5000 }, () => newId());
    expect(ids.every((id) => idPattern.test(id))).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
