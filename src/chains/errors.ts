/** Error codes of `signet serve chains`, the pipeline-run signing controller (src/chains). */
import { errorFactory } from '../core/errors.js';

export const CHAINS_ERRORS = {
  CHAINS_RUN_INVALID: {
    category: 'usage',
    summary:
      'A TaskRun or PipelineRun read from the API server is not an object with a kind, namespace, name and uid; it is skipped.',
  },
  CHAINS_RESULT_INVALID: {
    category: 'usage',
    summary:
      "A run's type-hinted result (IMAGE_URL/IMAGE_DIGEST, IMAGES, ARTIFACT_OUTPUTS) does not name an image by digest; the message names the run and the result. The run is annotated as failed and never signed.",
  },
  CHAINS_API_FAILED: {
    category: 'config',
    summary:
      'Listing, watching or annotating TaskRuns or PipelineRuns through the Kubernetes API failed (CRDs missing, RBAC, unreachable API server); retried with backoff.',
  },
} as const;

export const chainsError = errorFactory(CHAINS_ERRORS);
