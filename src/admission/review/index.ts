/** AdmissionReview v1: types, strict parsing, image extraction per workload kind, responses. */
export * from './types.js';
export { parseAdmissionReview, isPlainObject } from './parse-review.js';
export {
  extractWorkload,
  pullSecretNames,
  MAX_IMAGES_PER_OBJECT,
  MAX_PULL_SECRETS,
  type ContainerImage,
  type Workload,
} from './extract-images.js';
export { WORKLOAD_SHAPES, CONTAINER_LISTS, type ContainerList } from './workload-kinds.js';
export { admissionReviewResponse, type JsonPatchReplace, type ReviewAnswer } from './response.js';
