// A minimal SOCKS5 server for tests (RFC 1928: no authentication, CONNECT only): a vantage point
// reached over SOCKS. Records every destination it connected to.
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';

export interface TestSocks5 {
  url: string;
  destinations: string[];
  close(): Promise<void>;
}

export async function startSocks5(host = '127.0.0.1'): Promise<TestSocks5> {
  const destinations: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    let buf = Buffer.alloc(0);
    let stage: 'hello' | 'request' = 'hello';
    const onData = (chunk: Buffer): void => {
      buf = Buffer.concat([buf, chunk]);
      if (stage === 'hello') {
        if (buf.length < 2 || buf.length < 2 + buf[1]) return;
        buf = buf.subarray(2 + buf[1]);
        client.write(Buffer.from([5, 0])); // no authentication
        stage = 'request';
      }
      if (buf.length < 5) return;
      const atyp = buf[3];
      const addrLen = atyp === 1 ? 4 : atyp === 4 ? 16 : 1 + buf[4];
      if (buf.length < 4 + addrLen + 2) return;
      const addr = atyp === 1 ? [...buf.subarray(4, 8)].join('.') : atyp === 3 ? buf.subarray(5, 5 + buf[4]).toString() : buf.subarray(4, 20).toString('hex').replace(/(.{4})(?!$)/g, '$1:');
      const port = buf.readUInt16BE(4 + addrLen);
      const rest = buf.subarray(4 + addrLen + 2);
      client.off('data', onData);
      destinations.push(`${addr}:${port}`);
      const up = connect({ host: addr, port }, () => {
        client.write(Buffer.from([5, 0, 0, 1, 0, 0, 0, 0, 0, 0]));
        if (rest.length) up.write(rest);
        up.pipe(client);
        client.pipe(up);
      });
      up.on('error', () => (client.writable ? client.end(Buffer.from([5, 5, 0, 1, 0, 0, 0, 0, 0, 0])) : client.destroy()));
      client.once('close', () => up.destroy());
    };
    client.on('data', onData);
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  return {
    url: `socks5://${host}:${(server.address() as AddressInfo).port}`,
    destinations,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
