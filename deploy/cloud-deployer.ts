/** What a cloud deployer does for one function; each cloud is one implementation. */
export interface CloudDeployer {
  /** Creates or updates the function from the zip, its configuration and its HTTP entry; idempotent. */
  deploy(zip: Uint8Array, environment: Record<string, string>): Promise<DeployedFunction>;
  /** The deployed function's callback address, or null when it is not deployed. */
  info(): Promise<DeployedFunction | null>;
  /** Deletes what deploy created; false when there was nothing to delete. */
  remove(): Promise<boolean>;
}

export interface DeployedFunction {
  cloud: 'tencent' | 'volcengine';
  functionName: string;
  /** The plain HTTPS address of the function; null when the cloud did not report it (see instructions). */
  url: string | null;
  /** What to paste into the monitor console, with a placeholder where the secret goes; null with url. */
  callbackUrl: string | null;
  /** Console steps that go with it. */
  instructions: string[];
}
