import type { VendorRegistration, VendorProvider } from './vendor.js';
import * as listed from './vendors.js';

/**
 * Every supported monitor: its folder under lib/vendors/ holds the rest. A new vendor is a folder
 * exporting its registration, one line in vendors.ts, and `npm run schema` (the contract's vendor names are
 * generated from this list). The local server's routes, the CLI's help, the function bundler and
 * the deploy plugin all read it.
 */
const VENDORS: VendorRegistration[] = Object.values(listed);

export function registeredVendors(): readonly VendorRegistration[] {
  return VENDORS;
}

/** For plug-ins and tests: a vendor added here is routed, bundled and normalized like the others. */
export function registerVendor(manifest: VendorRegistration): () => void {
  VENDORS.push(manifest);
  return () => void VENDORS.splice(VENDORS.indexOf(manifest), 1);
}

/** `tencent|volcengine`, for help text. */
export function vendorNames(separator = '|'): string {
  return VENDORS.map((vendor) => vendor.name).join(separator);
}

export function registeredVendor(name: string): VendorRegistration | undefined {
  return VENDORS.find((vendor) => vendor.name === name);
}

export async function loadVendor(name: string): Promise<VendorProvider | undefined> {
  return registeredVendor(name)?.load();
}

/** Every vendor's provider, by name: what the local server, the CLI and replay normalize with. */
export async function loadVendors(): Promise<Record<string, VendorProvider>> {
  return Object.fromEntries(await Promise.all(VENDORS.map(async (vendor) => [vendor.name, await vendor.load()] as const)));
}

/** The vendor a body came from, when the caller does not say (the CLI); undefined when none claims it. */
export function detectVendor(body: unknown, headers: Readonly<Record<string, string>>): VendorRegistration | undefined {
  return VENDORS.find((vendor) => vendor.looksLike(body, headers));
}
