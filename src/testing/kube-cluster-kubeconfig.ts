/**
 * Writes kubeconfig files (clientcmd v1 `Config`) for a test cluster, as `kubectl config`
 * would: one cluster, one user authenticated by a client certificate or a bearer token.
 * Code under test loads them as in production (`KubeConfig.loadFromFile`, $KUBECONFIG, or
 * kubectl and cosign through $KUBECONFIG). Credentials of a throw-away cluster, still
 * written mode 0600 as kubectl does.
 */
import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';

export type KubeconfigUser =
  { readonly certificatePem: string; readonly privateKeyPem: string } | { readonly token: string };

export interface KubeconfigContent {
  /** `https://127.0.0.1:PORT` */
  readonly server: string;
  /** The CA that signed the API server's certificate. */
  readonly caPem: string;
  readonly user: KubeconfigUser;
  /** The name to check the server certificate against, when not the URL's host. */
  readonly serverName?: string;
}

const base64 = (text: string) => Buffer.from(text).toString('base64');

export async function writeKubeconfig(path: string, content: KubeconfigContent): Promise<void> {
  const user =
    'token' in content.user
      ? { token: content.user.token }
      : {
          'client-certificate-data': base64(content.user.certificatePem),
          'client-key-data': base64(content.user.privateKeyPem),
        };
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'test',
        cluster: {
          server: content.server,
          'certificate-authority-data': base64(content.caPem),
          ...(content.serverName === undefined ? {} : { 'tls-server-name': content.serverName }),
        },
      },
    ],
    users: [{ name: 'test-user', user }],
    contexts: [
      { name: 'test', context: { cluster: 'test', user: 'test-user', namespace: 'default' } },
    ],
    'current-context': 'test',
  };
  await writeFile(path, stringify(config), { mode: 0o600 });
}
