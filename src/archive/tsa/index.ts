export { requestTimestamp, buildRequest, type TsaDeps, type Timestamp } from './client.js';
export { verifyTimestamp, type TimestampCheck } from './verify.js';
export { parseResponse, tokenCertsPem } from './asn.js';
