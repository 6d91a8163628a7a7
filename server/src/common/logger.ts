import { pino, type Logger } from 'pino';

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'parceldesk' }, redact: ['req.headers.cookie', 'req.headers.authorization', 'password', 'token'] });
}
