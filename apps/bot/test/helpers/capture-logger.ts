/** A pino logger writing JSON lines into an array, to assert on what was logged. */
import { Writable } from 'node:stream';
import pino from 'pino';
import type { Logger } from 'pino';

export interface CapturedLogger {
  logger: Logger;
  lines: string[];
  text(): string;
}

export function captureLogger(level: 'debug' | 'info' | 'warn' = 'debug'): CapturedLogger {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  const logger = pino({ level }, stream);
  return { logger, lines, text: () => lines.join('') };
}
