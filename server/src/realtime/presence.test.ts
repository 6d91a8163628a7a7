import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { Presence } from './presence.js';

/**
 * The ordering of a quick connect-then-close. The statements go to a small in-memory stand-in for
 * the user_presence table whose insert answers later than its delete: that interleaving is what
 * happened under load on the real database (a flaky offline-reach test), and a stand-in is the one
 * way to force it every time. The SQL itself runs against PostgreSQL in chat.test.ts.
 */
function slowInsertTable() {
  const rows = new Set<string>();
  const execute = async (sql: string, params: unknown[]): Promise<unknown> => {
    if (sql.startsWith('insert')) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      for (const id of params) rows.add(String(id));
    } else if (sql.startsWith('delete')) {
      for (const id of params) rows.delete(String(id));
    } else {
      return [...rows].filter((id) => params.includes(id)).map((user_id) => ({ user_id }));
    }
    return [];
  };
  return { rows, execute };
}

describe('Presence', () => {
  it('leaves no row behind when a socket closes before its first write has landed', async () => {
    const table = slowInsertTable();
    const presence = new Presence(table.execute, pino({ level: 'silent' }));
    presence.connected('u1');
    presence.disconnected('u1');
    await presence.written();
    expect([...table.rows]).toEqual([]);
    expect(await presence.online(['u1'])).toEqual(new Set());
  });

  it('keeps a user online while one of their sockets is still open', async () => {
    const table = slowInsertTable();
    const presence = new Presence(table.execute, pino({ level: 'silent' }));
    presence.connected('u1');
    presence.connected('u1');
    presence.disconnected('u1');
    await presence.written();
    expect(await presence.online(['u1'])).toEqual(new Set(['u1']));
    expect([...table.rows]).toEqual(['u1']);
  });

  it('writes the users of a connect storm in a few statements, and a connect after a close still lands after it', async () => {
    const table = slowInsertTable();
    const writes: unknown[][] = [];
    const execute = (sql: string, params: unknown[]) => {
      if (sql.startsWith('insert')) writes.push(params);
      return table.execute(sql, params);
    };
    const presence = new Presence(execute, pino({ level: 'silent' }));
    for (let i = 0; i < 50; i++) presence.connected(`u${i}`);
    presence.disconnected('u3');
    presence.connected('u3'); // queued after the delete: must end online
    presence.connected('late');
    await presence.written();
    expect(writes.length).toBeLessThanOrEqual(2);
    expect(table.rows.size).toBe(51);
    expect(table.rows.has('u3')).toBe(true);
    expect(await presence.online(['u3', 'late'])).toEqual(new Set(['u3', 'late']));
  });

  it('answers a user with a socket here without a read, and reads the others in one shared statement', async () => {
    const table = slowInsertTable();
    const reads: unknown[][] = [];
    const execute = (sql: string, params: unknown[]) => {
      if (sql.startsWith('select')) reads.push(params);
      return table.execute(sql, params);
    };
    const presence = new Presence(execute, pino({ level: 'silent' }));
    table.rows.add('far1'); // online through another process
    presence.connected('here');
    const answers = await Promise.all([presence.online(['here', 'far1']), presence.online(['far2']), presence.online(['far1', 'far3'])]);
    expect(answers).toEqual([new Set(['here', 'far1']), new Set(), new Set(['far1'])]);
    expect(reads).toHaveLength(1);
    expect(new Set(reads[0]!.slice(0, -1))).toEqual(new Set(['far1', 'far2', 'far3']));
    // The next call after a batch went out starts another.
    expect(await presence.online(['far1'])).toEqual(new Set(['far1']));
    expect(reads).toHaveLength(2);
  });
});
