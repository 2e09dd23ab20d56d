import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough, Readable } from 'node:stream';
import { feed, sendStream } from './send-stream';

/** A stored file whose read fails after its first bytes, as a storage outage midway would. */
function failingRead(): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (!sent) {
        sent = true;
        this.push(Buffer.alloc(1024, 1));
      } else this.destroy(Object.assign(new Error('storage read failed'), { code: 'EIO' }));
    },
  });
}

describe(sendStream.name, () => {
  let server: Server;
  const warn = jest.fn();

  beforeAll(async () => {
    server = createServer((_request, response) => {
      response.writeHead(200, { 'Content-Length': '4096' });
      void sendStream(failingRead(), response, { warn });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  });

  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('cuts the response short and logs a read that fails midway, without an unhandled error', async () => {
    const { port } = server.address() as AddressInfo;
    const outcome = await new Promise<string>((done) =>
      get(`http://127.0.0.1:${port}/`, (response) => {
        response.on('data', () => undefined);
        response.on('end', () => done('complete'));
        response.on('error', () => done('cut short'));
        response.on('aborted', () => done('cut short'));
      }).on('error', () => done('cut short')),
    );
    expect(outcome).toBe('cut short');
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ err: expect.objectContaining({ code: 'EIO' }) }),
      'a stored file could not be read to the end',
    );
  });

  it('fails the stream it feeds when the read fails', async () => {
    const into = new PassThrough();
    const failed = new Promise<Error>((done) => into.on('error', done));
    into.resume();
    feed(failingRead(), into);
    expect((await failed).message).toBe('storage read failed');
  });
});
