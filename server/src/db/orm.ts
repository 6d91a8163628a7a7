import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { Logger } from 'pino';
import { migrationsList } from './migrations/index.js';

export type Orm = MikroORM;

export interface OrmOptions {
  clientUrl: string;
  // Entities come from the composition root (src/entities.ts): db/ knows no feature.
  entities: Options['entities'];
  logger: Logger;
  /** Called with every SQL statement; tests count them to catch N+1 queries. */
  onQuery?: (sql: string) => void;
  poolMax?: number;
}

export function ormConfig(options: OrmOptions): Options {
  return {
    clientUrl: options.clientUrl,
    entities: options.entities,
    extensions: [Migrator],
    // Migrations are listed explicitly: ESM-safe, and a build cannot miss one.
    migrations: { migrationsList, path: 'src/db/migrations', emit: 'ts', snapshot: false, transactional: true, allOrNothing: true },
    pool: { min: 0, max: options.poolMax ?? 10 },
    forceUtcTimezone: true,
    // Entities are fetched per request; identity maps never outlive one (request-scoped forks).
    allowGlobalContext: false,
    debug: options.onQuery ? ['query'] : false,
    logger: options.onQuery
      ? (message) => {
          const sql = extractSql(message);
          if (sql) options.onQuery!(sql);
        }
      : (message) => options.logger.debug({ orm: message }, 'orm'),
  };
}

function extractSql(message: string): string | null {
  // MikroORM logs "[query] select ... [took 1 ms, 1 result]"; strip colour codes and the prefix.
  const clean = message.replace(/\u001b\[[0-9;]*m/g, '');
  const match = /^\[query\]\s+(.*?)(\s+\[took.*)?$/s.exec(clean);
  return match ? match[1]! : null;
}

export async function openDatabase(options: OrmOptions): Promise<Orm> {
  const orm = await MikroORM.init(ormConfig(options));
  const applied = await orm.getMigrator().up();
  if (applied.length > 0) options.logger.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
  return orm;
}
