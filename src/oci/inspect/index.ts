export type { ConfigSummary } from './config-summary.js';
export { summariseConfig } from './config-summary.js';
export type { ImageInspection, PlatformEntry } from './inspect.js';
export { formatPlatform, inspectImage } from './inspect.js';
