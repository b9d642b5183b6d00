/** AdmissionReview v1: types, strict parsing, image extraction per workload kind, responses. */
export * from './types.js';
export { parseAdmissionReview, isPlainObject } from './parse-review.js';
export {
  extractWorkload,
  pullSecretNames,
  MAX_IMAGES_PER_OBJECT,
  MAX_PULL_SECRETS,
  MAX_IMAGE_CHARS,
  type ContainerImage,
  type Workload,
} from './extract-images.js';
export { WORKLOAD_SHAPES, CONTAINER_LISTS, type ContainerList } from './workload-kinds.js';
export {
  admissionReviewResponse,
  denialMessage,
  MAX_ANSWER_BYTES,
  MAX_MESSAGE_CHARS,
  type JsonPatchReplace,
  type ReviewAnswer,
} from './response.js';
export { ProblemList, MAX_PROBLEMS_KEPT } from './problem-list.js';
export { joinLinesBounded, truncate } from './bounded-text.js';
