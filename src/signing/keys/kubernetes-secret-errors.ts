/** Error codes of cosign key pairs in Kubernetes Secrets (src/signing/keys/kubernetes-secret.ts). */
export const KUBERNETES_KEY_ERRORS = {
  KUBERNETES_REFERENCE_INVALID: {
    category: 'usage',
    summary: 'A k8s:// key reference is not k8s://NAMESPACE/NAME with valid Kubernetes names.',
  },
  KUBERNETES_SECRET_INVALID: {
    category: 'config',
    summary:
      'A Kubernetes Secret holding a cosign key pair lacks cosign.key/cosign.pub or holds values that are not base64 text.',
  },
  KUBERNETES_API_FAILED: {
    category: 'registry',
    summary:
      'The Kubernetes API server refused or failed a Secret request (check the kubeconfig context, RBAC on secrets, and that the Secret does not already exist).',
  },
} as const;
