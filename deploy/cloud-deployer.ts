/** What a cloud deployer does for one function; each function platform (SCF, veFaaS) is one implementation. */
export interface CloudDeployer {
  /** Creates or updates the function from the zip, its configuration and its HTTP entry; idempotent. */
  deploy(zip: Uint8Array, environment: Record<string, string>): Promise<DeployedFunction>;
  /** The deployed function's address, or null when it is not deployed. */
  info(): Promise<DeployedFunction | null>;
  /** Deletes what deploy created; false when there was nothing to delete. */
  remove(): Promise<boolean>;
}

export interface DeployedFunction {
  functionName: string;
  /** The plain HTTPS address of the function; null when the cloud did not report it (see notes). */
  url: string | null;
  /** What the deployer has to add: where to find a URL it could not read, and the like. */
  notes: string[];
}
