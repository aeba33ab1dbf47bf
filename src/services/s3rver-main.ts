// Entry point of the embedded S3 server's own process (spawned and supervised by s3.ts):
// `node --import tsx s3rver-main.ts <directory> <port> <bucket>`. s3rver on loopback, with idle
// keep-alive connections held for 10 minutes: Node's 5 s default closes a socket the S3 client may
// be reusing at that very moment (ECONNRESET on the next request after a pause).
import S3rver from 's3rver';

const [directory, port, bucket] = process.argv.slice(2);
const server = new S3rver({ address: '127.0.0.1', port: Number(port), directory, silent: true, resetOnClose: false, vhostBuckets: false, configureBuckets: [{ name: bucket }] });
server.run().then(
  () => {
    if (server.httpServer) {
      server.httpServer.keepAliveTimeout = 600_000;
      server.httpServer.headersTimeout = 601_000;
    }
  },
  (err: Error) => {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  },
);
const stop = () => {
  server.httpServer?.closeAllConnections();
  void server.close().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
