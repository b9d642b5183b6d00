/**
 * Writes a kubeconfig (clientcmd v1 `Config`) naming one cluster and a bearer-token user,
 * as `kubectl config` would: tests hand it to code that loads it with
 * `KubeConfig.loadFromFile` or finds it through $KUBECONFIG. The token is a credential of
 * a throw-away test server; the file is still written mode 0600, as kubectl does.
 */
import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';

/** The name the real API server's certificate carries and in-cluster clients dial. */
export const API_SERVER_NAME = 'kubernetes.default.svc';

export interface KubeconfigContent {
  /** `https://127.0.0.1:PORT` */
  readonly server: string;
  readonly token: string;
  /** The CA that signed the server certificate; verified against `tls-server-name`. */
  readonly caPem: string;
  readonly serverName?: string;
}

export async function writeKubeconfig(path: string, content: KubeconfigContent): Promise<void> {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'stand-in',
        cluster: {
          server: content.server,
          'certificate-authority-data': Buffer.from(content.caPem).toString('base64'),
          'tls-server-name': content.serverName ?? API_SERVER_NAME,
        },
      },
    ],
    users: [{ name: 'signet-test', user: { token: content.token } }],
    contexts: [
      {
        name: 'stand-in',
        context: { cluster: 'stand-in', user: 'signet-test', namespace: 'default' },
      },
    ],
    'current-context': 'stand-in',
  };
  await writeFile(path, stringify(config), { mode: 0o600 });
}
