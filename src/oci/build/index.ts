/** Public surface of the image builder: small valid OCI images and indexes for tests and demos. */
export {
  assembleImage,
  buildImage,
  type AssembledLayer,
  type BuildImageOptions,
  type BuiltImage,
  type ImageConfig,
} from './image-builder.js';
export { buildIndex, COMMON_PLATFORMS, type BuiltIndex } from './index-builder.js';
export { pushImage } from './push-image.js';
export { seededRandom, systemRandom, type RandomSource } from './random-source.js';
export { writeTar, type TarEntry } from './tar-writer.js';
export { BUILD_ERRORS } from './errors.js';
