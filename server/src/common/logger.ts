import { pino, type Logger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';

/**
 * JSON lines (for a log collector), or readable lines when a person watches a terminal: pino-pretty
 * when stdout is a TTY, unless LOG_FORMAT says otherwise (`json` or `pretty`).
 */
export function createLogger(level: string, format = process.env.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json')): Logger {
  const options: LoggerOptions = { level, base: { service: 'parceldesk' }, redact: ['req.headers.cookie', 'req.headers.authorization', 'password', 'token'] };
  if (format !== 'pretty') return pino(options);
  return pino(options, pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service', singleLine: true }));
}
