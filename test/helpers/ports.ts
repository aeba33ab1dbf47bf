// Free loopback port for test servers.
export { freePort } from '../../src/services/ports.js';
