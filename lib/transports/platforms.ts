import type { FunctionPlatform } from '../function-platform.js';
import { directInvocation } from './direct-invocation.js';
import { scfApiGateway } from './scf-api-gateway.js';
import { scfFunctionUrl } from './scf-function-url.js';
import type { FunctionTrigger } from './trigger.js';
import { vefaasApiGateway } from './vefaas-api-gateway.js';

/** Each function platform's triggers, in the order they are tried (the last takes anything). */
export const PLATFORM_TRIGGERS: Readonly<Record<FunctionPlatform, readonly FunctionTrigger[]>> = {
  scf: [scfApiGateway, scfFunctionUrl, directInvocation('scf-direct')],
  vefaas: [vefaasApiGateway, directInvocation('vefaas-direct')],
};
