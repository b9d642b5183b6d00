/** Gatekeeper external-data provider protocol. */
export {
  EXTERNAL_DATA_API_VERSIONS,
  MAX_PROVIDER_KEYS,
  MAX_PROVIDER_KEY_CHARS_TOTAL,
  imageOfKey,
  parseProviderRequest,
  type ExternalDataApiVersion,
  type ProviderKey,
  type ProviderRequest,
} from './provider-request.js';
export {
  providerResponse,
  providerSystemError,
  type ProviderItem,
  type ProviderResponse,
} from './provider-response.js';
