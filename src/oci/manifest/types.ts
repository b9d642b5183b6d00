/**
 * Shapes of the OCI image spec's descriptor (descriptor.md), image manifest (manifest.md)
 * and image index (image-index.md). Docker schema 2 manifests and manifest lists share them.
 */
export interface Platform {
  architecture: string;
  os: string;
  variant?: string;
  'os.version'?: string;
  'os.features'?: string[];
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  artifactType?: string;
  platform?: Platform;
  urls?: string[];
}

export interface ImageManifest {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  config: Descriptor;
  layers: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

export interface ImageIndex {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  manifests: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

export type ParsedManifest =
  | { kind: 'image'; mediaType: string; manifest: ImageManifest }
  | { kind: 'index'; mediaType: string; manifest: ImageIndex };
