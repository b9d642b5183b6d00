/** One package found in an image, as Signet's SBOMs list it. */
export type Ecosystem = 'deb' | 'apk' | 'rpm' | 'npm' | 'pypi' | 'golang';

export interface ImagePackage {
  ecosystem: Ecosystem;
  name: string;
  version: string;
  purl: string;
  /** Licence expressions or names as recorded; empty when the metadata has none. */
  licenses: string[];
  /** Digest of the layer that wrote the metadata file. */
  layer: string;
  /** The metadata file (or binary) it was read from, with a leading `/`. */
  path: string;
}
