import type { Logger } from '@nestjs/common';
import type { Writable } from 'node:stream';
import { pipeline, type Readable } from 'node:stream';

/**
 * Streams stored bytes into a response. A storage read that fails midway ends the response (the
 * client sees it cut short, as the headers are already sent) and is logged: an unhandled stream
 * error would take the process down.
 */
export function sendStream(body: Readable, response: Writable, logger: Pick<Logger, 'warn'>): Promise<void> {
  return new Promise((done) =>
    pipeline(body, response, (error) => {
      if (error && (error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE')
        logger.warn({ err: error }, 'a stored file could not be read to the end');
      done();
    }),
  );
}

/** Pipes stored bytes into a transform (an image pipeline), failing it if the read fails. */
export function feed(body: Readable, into: Writable): void {
  body.once('error', (error) => into.destroy(error));
  body.pipe(into);
}
