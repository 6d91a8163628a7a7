import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Orm } from '../db/orm.js';

export interface RecurringJob {
  name: string;
  everyMs: number;
  /** Idempotent work; returns a short summary for the log and the jobs table. */
  run(em: EntityManager, now: Date): Promise<string>;
}

/**
 * Recurring jobs kept in PostgreSQL (`scheduled_jobs`): the next run time survives restarts, and
 * each run is claimed by one `UPDATE … WHERE next_run_at <= now() RETURNING`, so with several
 * server processes exactly one of them runs it. Jobs are sweeps over the database (close what is
 * due, delete what expired), so a crash mid-run only delays the work to the next run.
 */
export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly orm: Orm,
    private readonly logger: Logger,
    private readonly jobs: RecurringJob[],
    private readonly tickMs: number,
  ) {}

  async start(): Promise<void> {
    const connection = this.orm.em.getConnection();
    for (const job of this.jobs) {
      await connection.execute('insert into scheduled_jobs (name, next_run_at) values (?, now()) on conflict (name) do nothing', [job.name]);
    }
    this.timer = setInterval(() => void this.tick(), this.tickMs);
    this.timer.unref();
  }

  /** Runs every job that is due and claimable; returns the names this process ran. */
  async tick(): Promise<string[]> {
    if (this.running) await this.running;
    const ran: string[] = [];
    const work = (async () => {
      for (const job of this.jobs) {
        if (await this.claim(job)) {
          ran.push(job.name);
          await this.runJob(job);
        }
      }
    })();
    this.running = work;
    try {
      await work;
    } finally {
      this.running = null;
    }
    return ran;
  }

  /** Makes a job due now (tests, and an operator who wants a sweep at once). */
  async makeDue(name: string): Promise<void> {
    await this.orm.em.getConnection().execute('update scheduled_jobs set next_run_at = now() where name = ?', [name]);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async claim(job: RecurringJob): Promise<boolean> {
    const rows = await this.orm.em.getConnection().execute<{ name: string }[]>(
      `update scheduled_jobs set next_run_at = now() + (? * interval '1 millisecond'), last_started_at = now()
        where name = ? and next_run_at <= now() returning name`,
      [job.everyMs, job.name],
    );
    return rows.length > 0;
  }

  private async runJob(job: RecurringJob): Promise<void> {
    let result: string;
    try {
      result = await job.run(this.orm.em.fork(), new Date());
      this.logger.info({ job: job.name, result }, 'scheduled job done');
    } catch (error) {
      result = `failed: ${(error as Error).message}`.slice(0, 200);
      this.logger.error({ err: error, job: job.name }, 'scheduled job failed');
    }
    await this.orm.em.getConnection().execute('update scheduled_jobs set last_finished_at = now(), last_result = ? where name = ?', [result, job.name]);
  }
}
