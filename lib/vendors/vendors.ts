// Every vendor, one line each (its folder's registration.ts); lib/vendors/registry.ts reads this. Run `npm run schema` after a change.
export { tencentVendor } from './tencent/registration.js';
export { volcengineVendor } from './volcengine/registration.js';
