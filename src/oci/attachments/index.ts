export type { AttachmentKind } from './classify.js';
export { classifyArtifact, COSIGN_SIGN_PREDICATE } from './classify.js';
export type { TagSuffix } from './tag-layout.js';
export { attachmentTag, TAG_SUFFIXES } from './tag-layout.js';
export type { AttachedItem, Attachment, AttachmentTree } from './discover.js';
export { discoverAttachments } from './discover.js';
