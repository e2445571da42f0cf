import type { VendorName } from '../event/alert-event.js';
import type { VendorProvider } from './provider.js';
import { tencent } from './tencent/index.js';
import { volcengine } from './volcengine/index.js';

/** Every supported monitor. A new vendor is a folder beside these and one line here. */
export const vendors: Readonly<Record<VendorName, VendorProvider<any>>> = {
  tencent,
  volcengine,
};

export function vendorByName(name: string): VendorProvider | undefined {
  return Object.hasOwn(vendors, name) ? vendors[name as VendorName] : undefined;
}

/** The vendor a body came from, when the caller does not say (the CLI); undefined when none claims it. */
export function detectVendor(body: unknown, headers: Readonly<Record<string, string>>): VendorProvider | undefined {
  return Object.values(vendors).find((vendor) => vendor.looksLike(body, headers));
}
