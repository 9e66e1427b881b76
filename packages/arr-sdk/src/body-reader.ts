/**
 * Reads a response body as text without ever holding more than a limit: the bytes are counted as
 * they arrive and the transfer is cancelled as soon as the count passes the limit, so a hostile or
 * broken server answering with 500 MB costs the process at most the limit.
 */

/** Thrown by `readBodyText` when the body passes the limit; the transport turns it into a typed error. */
export class BodyTooLarge extends Error {
  override name = 'BodyTooLarge';
  /** Bytes received (or announced by Content-Length) when reading stopped. */
  readonly receivedBytes: number;
  constructor(receivedBytes: number) {
    super(`body larger than the limit (${receivedBytes} bytes received)`);
    this.receivedBytes = receivedBytes;
  }
}

const decoder = new TextDecoder();

/**
 * The body of `response` as text, at most `limit` bytes (after decompression).
 *
 * A body with a Content-Length and no Content-Encoding cannot grow past its announced length, so
 * it is read in one native call when the length fits; every other body (chunked, compressed) is
 * counted chunk by chunk.
 */
export async function readBodyText(response: Response, limit: number): Promise<string> {
  const body = response.body;
  if (body === null) return '';
  const announced = Number(response.headers.get('content-length') ?? Number.NaN);
  const encoded = response.headers.has('content-encoding');
  if (!encoded && Number.isFinite(announced)) {
    if (announced > limit) {
      await body.cancel().catch(() => undefined);
      throw new BodyTooLarge(announced);
    }
    return response.text();
  }
  return decoder.decode(await readBodyBytes(response, limit));
}

/** The body of `response` as bytes, counted chunk by chunk, at most `limit` bytes. */
export async function readBodyBytes(response: Response, limit: number): Promise<Uint8Array> {
  const body = response.body;
  if (body === null) return new Uint8Array(0);
  const reader = (body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > limit) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLarge(received);
    }
    chunks.push(value);
  }
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0];
  const all = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return all;
}
