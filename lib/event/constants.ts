/**
 * The contract's fixed values, apart from its zod schema (alert-event.ts) so that code that builds
 * events, such as a deployed function, does not load the schema or its JSON Schema generator.
 */
export const ALERT_EVENT_TYPE = 'alerthook.alert.v1';
export const ALERT_EVENT_DATASCHEMA = 'urn:alerthook:schema:alert-event:v1';
export const ALERT_SCHEMA_VERSION = 1;
