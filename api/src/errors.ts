/**
 * Every 4xx/5xx leaves the API as `{"error": {"code", "message"}}`: validation failures,
 * unknown routes, wrong methods, upstream failures and our own bugs alike. A 5xx never
 * carries the original message or stack, which are logged instead.
 */
import http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorEnvelope } from './schemas/common.js';
import { UpstreamError } from './sources/http/upstream-error.js';
import { messageText } from './sources/text-caps.js';

/** An error meant to reach the client as-is: status, code and a message safe to show. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function envelope(code: string, message: string): ErrorEnvelope {
  return { error: { code, message } };
}

export function sendError(
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
): FastifyReply {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .type('application/json; charset=utf-8')
    .send(envelope(code, message));
}

const ALLOWED_METHODS = new Set(['GET', 'HEAD']);

/** Client-error statuses in this API's vocabulary (Fastify's and plugins' own codes are internal). */
const CLIENT_CODES: Record<number, string> = {
  400: 'bad_request',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  408: 'request_timeout',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  416: 'range_not_satisfiable',
  429: 'too_many_requests',
};

function clientCode(error: FastifyError, status: number): string {
  if (error.validation) return 'bad_request';
  return CLIENT_CODES[status] ?? 'client_error';
}

/** A complete error response for the few answers written below Fastify (bare socket or response). */
function rawErrorBody(
  status: number,
  code: string,
  message: string,
): { head: Record<string, string>; body: string } {
  const body = JSON.stringify(envelope(code, message));
  return {
    head: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'content-length': String(Buffer.byteLength(body)),
      connection: 'close',
    },
    body,
  };
}

/**
 * Requests node's parser rejects (malformed, headers too large, too slow to arrive) never
 * reach Fastify; its default answer for them is not our envelope. Same behaviour otherwise:
 * answer if the socket still takes it, then drop the connection.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'request_timeout', 'The request did not arrive in time']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'headers_too_large', 'The request headers are too large']
        : [400, 'bad_request', 'Malformed HTTP request'];
  if (socket.writable) {
    const { head, body } = rawErrorBody(status, code, message);
    const lines = Object.entries(head).map(([name, value]) => `${name}: ${value}\r\n`);
    socket.write(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n${lines.join('')}\r\n${body}`);
  }
  socket.destroy(error);
}

/** Errors Fastify raises before routing (a URL whose percent-escapes do not decode). */
export function frameworkErrors(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const status = error.statusCode !== undefined && error.statusCode < 500 ? error.statusCode : 400;
  void sendError(reply, status, 'bad_request', 'The request URL is not valid');
}

export function installErrorHandling(app: FastifyInstance): void {
  // An `Expect` other than 100-continue gets node's bare 417 unless someone answers it.
  app.server.on('checkExpectation', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    const { head, body } = rawErrorBody(
      417,
      'expectation_failed',
      'Only "Expect: 100-continue" is understood',
    );
    res.writeHead(417, head).end(body);
  });

  // Only GET and HEAD exist anywhere; say 405 before routing so unknown paths do too.
  app.addHook('onRequest', async (request, reply) => {
    if (!ALLOWED_METHODS.has(request.method)) {
      reply.header('allow', 'GET, HEAD');
      return sendError(
        reply,
        405,
        'method_not_allowed',
        `${request.method} is not allowed; use GET or HEAD`,
      );
    }
  });

  app.setNotFoundHandler((request, reply) => {
    const pathOnly = request.url.split('?')[0] ?? '/';
    return sendError(reply, 404, 'not_found', `No such endpoint: ${messageText(pathOnly, 200)}`);
  });

  app.setErrorHandler((error: FastifyError | ApiError | UpstreamError, request, reply) => {
    // A source failed with nothing cached: its message is already safe for a visitor (the
    // source's cache logged the details when the call failed).
    if (error instanceof UpstreamError) {
      return sendError(reply, error.statusCode, error.code, error.message);
    }
    if (error instanceof ApiError) {
      for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
      if (error.statusCode >= 500)
        request.log.warn({ code: error.code, status: error.statusCode }, error.message);
      return sendError(reply, error.statusCode, error.code, error.message);
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Fastify's own messages may quote the request (an unsupported Content-Type).
      return sendError(reply, status, clientCode(error, status), messageText(error.message));
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(reply, 500, 'internal_error', 'Internal server error');
  });
}
