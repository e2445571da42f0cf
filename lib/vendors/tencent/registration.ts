import type { VendorRegistration } from '../vendor.js';
import { tencentManifest } from './manifest.js';
import type { TencentSettings } from './settings.js';

/** What the registry lists: the manifest, and the provider (schema, normalizer) loaded only when needed. */
export const tencentVendor: VendorRegistration<TencentSettings> = {
  ...tencentManifest,
  load: async () => (await import('./provider.js')).tencent,
};
