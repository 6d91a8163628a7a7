import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type http from 'node:http';

/**
 * Apollo Server's HTTP integration for /graphql, on Node's own request and response.
 *
 * Why not `@as-integrations/express5` behind Express: every API request then also went through
 * Express's router, the JSON body parser and `res.send` (ETag, type sniffing, a second header
 * pass), about a fifth of the CPU a list page costs (bench/profile.ts). This does the same few
 * things directly: read the body within `bodyLimit`, parse JSON, hand the request to
 * `executeHTTPGraphQLRequest` (Apollo keeps parsing, validation, CSRF prevention, plugins and
 * error formatting) and write its answer. Everything else (uploads, the web app, /healthz) stays
 * on Express.
 *
 * A body over the limit gets 413 PAYLOAD_TOO_LARGE and malformed JSON 400 BAD_REQUEST, in the same
 * shape as GraphQL errors; neither reaches Apollo.
 */
export interface GraphQLHttpOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  bodyLimit: number;
  /** The context of one request, given its request id; `response` adds answer headers (cookies). */
  context(req: http.IncomingMessage, requestId: string, response: ResponseHeaders): Promise<TContext>;
  /** Sets the headers every response carries (security headers, request id) and returns the request id. */
  commonHeaders(req: http.IncomingMessage, res: http.ServerResponse): string;
  onError(error: unknown): void;
}

/** What a context may add to the answer's headers before it is written. */
export interface ResponseHeaders {
  append(name: string, value: string): void;
}

export function graphqlHttpHandler<TContext extends BaseContext>(
  options: GraphQLHttpOptions<TContext>,
): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const { apollo, bodyLimit } = options;
  apollo.assertStarted('graphqlHttpHandler()');

  return (req, res) => {
    const requestId = options.commonHeaders(req, res);
    readBody(req, bodyLimit).then(
      (raw) => answer(req, res, requestId, raw).catch((error: unknown) => fail(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error', error)),
      (error: BodyError) => {
        if (error.closeConnection) res.setHeader('connection', 'close');
        fail(res, error.status, error.code, error.message);
      },
    );
  };

  async function answer(req: http.IncomingMessage, res: http.ServerResponse, requestId: string, raw: string | null): Promise<void> {
    let body: unknown;
    if (raw !== null && isJson(req.headers['content-type'])) {
      try {
        body = JSON.parse(raw);
      } catch {
        return fail(res, 400, 'BAD_REQUEST', 'The request body is not valid JSON');
      }
    }
    const headers = new HeaderMap();
    for (const name in req.headers) {
      const value = req.headers[name];
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const extra: [string, string][] = [];
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: query < 0 ? '' : url.slice(query), body },
      context: () => options.context(req, requestId, { append: (name, value) => extra.push([name, value]) }),
    });
    for (const [name, value] of response.headers) res.setHeader(name, value);
    for (const [name, value] of extra) res.appendHeader(name, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  function fail(res: http.ServerResponse, status: number, code: string, message: string, error?: unknown): void {
    if (error !== undefined) options.onError(error);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.statusCode = status;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
  }
}

class BodyError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The rest of the body was not read: the connection cannot carry another request. */
    readonly closeConnection: boolean,
  ) {
    super(message);
  }
}

function isJson(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/**
 * The body as UTF-8 text, or null when the request has none. Over `limit` bytes (by its declared
 * length or as it arrives) it stops keeping what arrives and rejects; the answer then closes the
 * connection. A client that goes away mid-body rejects too, so nothing waits on it.
 */
function readBody(req: http.IncomingMessage, limit: number): Promise<string | null> {
  const tooLarge = () => new BodyError(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${limit} bytes`, true);
  const length = req.headers['content-length'];
  if (Number(length) > limit) {
    req.resume();
    return Promise.reject(tooLarge());
  }
  if (length === '0' || (length === undefined && req.headers['transfer-encoding'] === undefined)) {
    req.resume();
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const settle = (error: BodyError | null) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      if (error) {
        req.resume(); // discard the rest; the connection closes after the answer
        reject(error);
      } else resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8'));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) settle(tooLarge());
      else chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => settle(null));
    // Errors are made only when needed: 'close' also follows every normal 'end'.
    req.once('error', (error) => done || settle(new BodyError(400, 'BAD_REQUEST', `The request body could not be read: ${error.message}`, true)));
    req.once('close', () => done || settle(new BodyError(400, 'BAD_REQUEST', 'The client closed the request before its body ended', true)));
  });
}
