/**
 * AdmissionReview `admission.k8s.io/v1` as the API server sends and expects it
 * (k8s.io/api/admission/v1/types.go). Only the fields Signet reads or writes are typed;
 * everything in `request` is attacker-influenced (any user allowed to create a Pod
 * chooses `object`), so it is validated before use.
 */

export const ADMISSION_API_VERSION = 'admission.k8s.io/v1';
export const ADMISSION_KIND = 'AdmissionReview';

export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
export const ADMISSION_OPERATIONS: readonly AdmissionOperation[] = [
  'CREATE',
  'UPDATE',
  'DELETE',
  'CONNECT',
];

export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

export interface GroupVersionResource {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
}

export interface AdmissionRequest {
  /** Echoed in the response; the API server matches answers to requests by it. */
  readonly uid: string;
  readonly kind: GroupVersionKind;
  readonly resource: GroupVersionResource;
  readonly subResource?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly operation: AdmissionOperation;
  /** The object being admitted; absent for DELETE. A plain JSON object. */
  readonly object?: Readonly<Record<string, unknown>>;
  readonly dryRun?: boolean;
}

export interface AdmissionReviewRequest {
  readonly apiVersion: typeof ADMISSION_API_VERSION;
  readonly kind: typeof ADMISSION_KIND;
  readonly request: AdmissionRequest;
}

export interface AdmissionStatus {
  readonly code: number;
  readonly message: string;
  readonly reason?: string;
}

export interface AdmissionResponse {
  readonly uid: string;
  readonly allowed: boolean;
  readonly status?: AdmissionStatus;
  /** Shown by kubectl as `Warning: …`; the API server may truncate one over 256 characters. */
  readonly warnings?: readonly string[];
  readonly patchType?: 'JSONPatch';
  /** Base64 of the JSON Patch (RFC 6902) document. */
  readonly patch?: string;
}

export interface AdmissionReviewResponse {
  readonly apiVersion: typeof ADMISSION_API_VERSION;
  readonly kind: typeof ADMISSION_KIND;
  readonly response: AdmissionResponse;
}
