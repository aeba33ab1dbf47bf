// Minimal RESP client for one command (PING / SHUTDOWN) without pulling ioredis into the
// service supervisor: connect, send, read the first reply line.
import { connect } from 'node:net';

export function redisCommand(port: number, args: string[], timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host: '127.0.0.1', port });
    let buf = '';
    const done = (err: Error | null, line?: string) => {
      sock.destroy();
      if (err) reject(err);
      else resolve(line ?? '');
    };
    sock.setTimeout(timeoutMs, () => done(new Error('timeout')));
    sock.once('error', (e) => done(e));
    sock.once('connect', () => {
      sock.write(`*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join(''));
    });
    sock.on('data', (d) => {
      buf += d.toString('utf8');
      const i = buf.indexOf('\r\n');
      if (i >= 0) done(null, buf.slice(0, i));
    });
    // SHUTDOWN closes the connection without a reply when it succeeds.
    sock.once('end', () => done(null, buf));
  });
}
