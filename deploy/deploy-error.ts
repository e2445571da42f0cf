/**
 * A deploy failure the user can act on: shown as one line (no stack) and the command exits
 * non-zero. Vendor API errors become these, with the vendor's code and message, never credentials.
 */
export class DeployError extends Error {
  override name = 'DeployError';
}
