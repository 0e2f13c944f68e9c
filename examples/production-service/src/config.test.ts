import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

describe('loadConfig', () => {
  it('requires DATABASE_URL', () => {
    expect(() => loadConfig({})).toThrow('DATABASE_URL');
  });
  it('defaults the port to 8080', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://localhost/test', JWT_SECRET: 'x'.repeat(32) }).port).toBe(8080);
  });
});
