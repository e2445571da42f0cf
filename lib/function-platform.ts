/**
 * Where a vendor's function runs. A vendor's manifest names its platform once; the function entry,
 * the triggers its handler reads and the deployer that ships it are all chosen from that one name.
 */
export type FunctionPlatform = 'scf' | 'vefaas';

/** The port a native runtime's command listens on unless the platform says otherwise in PORT. */
export const NATIVE_RUNTIME_PORT = 8000;
