import type { VendorManifest } from '../provider.js';
import { volcengineManifest } from './manifest.js';

/** What the registry lists: the manifest, and the provider (schema, normalizer) loaded only when needed. */
export const volcengineVendor: VendorManifest<Record<string, never>> = { ...volcengineManifest, load: async () => (await import('./index.js')).volcengine };
