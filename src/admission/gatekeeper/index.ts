/** Gatekeeper external-data provider protocol. */
export {
  EXTERNAL_DATA_API_VERSIONS,
  MAX_PROVIDER_KEYS,
  imageOfKey,
  parseProviderRequest,
  providerResponse,
  providerSystemError,
  type ExternalDataApiVersion,
  type ProviderItem,
  type ProviderRequest,
  type ProviderResponse,
} from './provider.js';
