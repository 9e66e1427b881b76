/**
 * The `{ data, error, response }` of a raw typed call, as openapi-fetch shapes it, built from an
 * answer the pipeline already read and parsed: no second parse, and the `Response` object is only
 * made if a caller reads `response`.
 */
import type { Answer } from './transport.ts';

type ParseAs = 'json' | 'text' | 'blob' | 'arrayBuffer' | 'stream' | undefined;

/** One answer of a raw typed call. `data` on a 2xx, `error` (JSON or text) otherwise. */
export class TypedResult {
  readonly data?: unknown;
  readonly error?: unknown;
  readonly #answer: Answer;
  #response: Response | undefined;

  constructor(answer: Answer, parseAs: ParseAs) {
    this.#answer = answer;
    const ok = answer.status >= 200 && answer.status < 300;
    // openapi-fetch: a 204, or a Content-Length of 0, has neither data nor error.
    const empty = answer.status === 204 || answer.headers.get('content-length') === '0';
    if (ok) {
      if (!empty) this.data = dataOf(answer, parseAs);
    } else if (!empty) {
      this.error = answer.json;
    }
  }

  /** The HTTP response (made on first read, from the body already read). */
  get response(): Response {
    this.#response ??= toResponse(this.#answer);
    return this.#response;
  }
}

function dataOf(answer: Answer, parseAs: ParseAs): unknown {
  switch (parseAs) {
    case 'text':
      return answer.body;
    case 'arrayBuffer':
      return bytesOf(answer).slice().buffer;
    case 'blob':
      return new Blob([bytesOf(answer)], { type: answer.headers.get('content-type') ?? '' });
    case 'stream':
      return new Blob([bytesOf(answer)]).stream();
    default:
      return answer.json;
  }
}

function bytesOf(answer: Answer): Uint8Array<ArrayBuffer> {
  return new Uint8Array(answer.bytes ?? new TextEncoder().encode(answer.body));
}

function toResponse(answer: Answer): Response {
  const noBody = answer.status === 204 || answer.status === 205 || answer.status === 304;
  return new Response(noBody ? null : answer.bytes === undefined ? answer.body : bytesOf(answer), {
    status: answer.status,
    statusText: answer.statusText,
    headers: answer.headers,
  });
}
