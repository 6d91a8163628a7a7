import { randomUUID } from 'node:crypto';
import type http from 'node:http';

/**
 * The request's id for the logs: the X-Request-ID a proxy in front set (nginx's $request_id, so its
 * access log and ours name the same request), else a new one. Bounded: a header is client input.
 * The WebSocket upgrade is an HTTP request too: its id names the socket in every line it logs.
 */
export function requestIdOf(req: http.IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return (typeof given === 'string' && given.slice(0, 64)) || randomUUID();
}
