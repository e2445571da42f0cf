import type { VendorManifest } from '../provider.js';
import { tencentManifest } from './manifest.js';
import type { TencentSettings } from './settings.js';

/** What the registry lists: the manifest, and the provider (schema, normalizer) loaded only when needed. */
export const tencentVendor: VendorManifest<TencentSettings> = { ...tencentManifest, load: async () => (await import('./index.js')).tencent };
