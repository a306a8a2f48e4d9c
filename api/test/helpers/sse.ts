/** A real client of /api/stream for the stream tests: the answer, each event as it arrives. */
import http from 'node:http';

export interface OpenStream {
  res: http.IncomingMessage;
  req: http.ClientRequest;
  events: { event: string; data: string }[];
  /** Everything received so far, comments included. */
  text: () => string;
  ended: Promise<void>;
}

/** Opens `path` (default `/api/stream`) on 127.0.0.1:`port`; resolves once headers arrive. */
export function openStream(port: number, path = '/api/stream'): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path }, (res) => {
      let buffer = '';
      let all = '';
      const events: { event: string; data: string }[] = [];
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        all += chunk;
        buffer += chunk;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data });
        }
      });
      const ended = new Promise<void>((done) => res.on('close', () => done()));
      resolve({ res, req, events, text: () => all, ended });
    });
    req.on('error', reject);
  });
}
