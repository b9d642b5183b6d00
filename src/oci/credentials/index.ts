/**
 * Registry credentials: where logins come from (docker config.json, Kubernetes pull secrets,
 * flags, environment) and how a registry client asks for the one of a registry. Values are
 * secrets: no message, toString or JSON form here contains a password or token.
 */
export type { Credential, CredentialProvider } from './credential.js';
export { describeCredential, describeProvider } from './credential.js';
export { parseDockerConfig, MAX_DOCKER_CONFIG_BYTES } from './docker-config.js';
export { defaultDockerConfigPath, loadDockerConfig } from './load-docker-config.js';
export { parseKubernetesPullSecret } from './kubernetes-secret.js';
export { anonymous, chainCredentials, staticCredentials } from './static-credentials.js';
export { credentialsFromEnv } from './environment-credentials.js';
export { registryKeyOf } from './registry-key.js';
export { CREDENTIALS_ERRORS } from './errors.js';
