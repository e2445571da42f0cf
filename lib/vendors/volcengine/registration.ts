import type { VendorRegistration } from '../vendor.js';
import { volcengineManifest } from './manifest.js';

/** What the registry lists: the manifest, and the provider (schema, normalizer) loaded only when needed. */
export const volcengineVendor: VendorRegistration<Record<string, never>> = {
  ...volcengineManifest,
  load: async () => (await import('./provider.js')).volcengine,
};
