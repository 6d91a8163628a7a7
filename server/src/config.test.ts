import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

const workspaceRoot = path.resolve(import.meta.dirname, '../..');

describe('loadConfig', () => {
  it('keeps the data in .data at the workspace root by default, whatever the cwd', () => {
    expect(loadConfig({}).dataDir).toBe(path.join(workspaceRoot, '.data'));
    expect(loadConfig({ INIT_CWD: '/somewhere/else' }).dataDir).toBe(path.join(workspaceRoot, '.data'));
  });

  it('takes a relative DATA_DIR from where the command was typed (INIT_CWD), an absolute one as it is', () => {
    expect(loadConfig({ DATA_DIR: 'mine', INIT_CWD: '/home/me/parceldesk' }).dataDir).toBe('/home/me/parceldesk/mine');
    expect(loadConfig({ DATA_DIR: '/var/lib/parceldesk', INIT_CWD: '/home/me' }).dataDir).toBe('/var/lib/parceldesk');
  });

  it('gives the database 30 s by default before the server exits, DATABASE_GRACE_SECONDS otherwise', () => {
    expect(loadConfig({}).databaseGraceMs).toBe(30_000);
    expect(loadConfig({ DATABASE_GRACE_SECONDS: '5' }).databaseGraceMs).toBe(5_000);
    expect(() => loadConfig({ DATABASE_GRACE_SECONDS: 'soon' })).toThrow(/DATABASE_GRACE_SECONDS/);
  });
});
