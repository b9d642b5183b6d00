export type { AttachmentKind } from './classify.js';
export { classifyArtifact, COSIGN_SIGN_PREDICATE, PREDICATE_TYPE_ANNOTATION } from './classify.js';
export type { TagSuffix } from './tag-layout.js';
export { attachmentTag, TAG_SUFFIXES } from './tag-layout.js';
