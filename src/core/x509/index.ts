/** X.509: a private certificate authority for serving and client certificates. */
export {
  createCertificateAuthority,
  type CertificateAuthority,
  type CertificateRequest,
  type IssuedCertificate,
  type Validity,
} from './certificate-authority.js';
