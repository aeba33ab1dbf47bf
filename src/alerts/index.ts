// Alerts: webhooks for confirmed events. Pure parts here; delivery (network) lives in
// src/workers/webhook-send.ts and the queue processor in src/workers/processors/webhook.ts.
export { AlertsSettings, WebhookConfig, resolveSecretEnv, secretEnvNames, webhookAllowPrivate } from './settings.js';
export { SIGNATURE_HEADER, TIMESTAMP_HEADER, DELIVERY_HEADER, EVENT_HEADER, DEFAULT_TOLERANCE_S, signatureHeader, signatureHex, verifySignature, type VerifyResult } from './sign.js';
export { webhookWants, webhooksFor, type EventFacts } from './filter.js';
export { deliveryId, eventBody, testBody, urlOrigin, type EventBody, type TestBody, type TargetFacts } from './payload.js';
