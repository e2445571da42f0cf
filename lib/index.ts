// The package's public surface for consumers of alert events and for embedding the receiver.
export {
  ALERT_EVENT_DATASCHEMA,
  ALERT_EVENT_TYPE,
  ALERT_SCHEMA_VERSION,
  AlertEventSchema,
  alertEventJsonSchema,
  parseAlertEvent,
  safeParseAlertEvent,
  type AlertEvent,
  type AlertData,
  type AlertMetric,
  type AlertSeverity,
  type AlertStatus,
  type AlertKind,
  type VendorName,
} from './event/alert-event.js';
export {
  HEARTBEAT_EVENT_DATASCHEMA,
  HEARTBEAT_EVENT_TYPE,
  type HeartbeatData,
  type HeartbeatEvent,
} from './event/heartbeat-event.js';
export { createFunctionHandler } from './runtime/function-handler.js';
export { createCallbackReceiver } from './pipeline/receive-callback.js';
export { decodeCallback } from './pipeline/decode-callback.js';
export { detectVendor, loadVendor, loadVendors, registerVendor, registeredVendors } from './vendors/registry.js';
export { registerSinkKind, sinkKinds } from './sinks/registry.js';
export type { Sink, EncodedEvent, DeadLetter } from './pipeline/delivery.js';
