/** `signet serve chains`: signs and attests the images Tekton runs build, as Tekton Chains. */
export { CHAINS_ERRORS } from './errors.js';
export {
  FAILURE_REASON,
  PROGRESS,
  RETRIES,
  SIGNED,
  TRANSPARENCY,
  decide,
  entryUrl,
} from './annotations.js';
export { ChainsController, type ChainsControllerOptions, type ChainsStats } from './controller.js';
export { kubernetesRunApi, type RunApi } from './run-api.js';
export { readRun, runName, type RunKind, type RunObject } from './run-object.js';
export { runProvenance, signRunImage, type RunSigner } from './sign-run.js';
export { declaredImages, MAX_IMAGES_PER_RUN, type DeclaredImage } from './type-hints.js';
