/**
 * `signet notation sign --key K --cert C IMAGE...`: a Notary Project signature over each
 * image's manifest descriptor, pushed as a referrer (referrers API, or the tag schema on
 * registries without it). Tags are resolved to digests first and Signet says so.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import type { Command } from 'commander';
import { formatReference, parseReference, withDigest } from '../../oci/reference/index.js';
import {
  certificatesFromFile,
  pushNotationSignature,
  signNotationEnvelope,
  decodeEnvelope,
  requestTimestamp,
  withTimestampToken,
  SIGNING_SCHEMES,
  type EnvelopeFormat,
} from '../../signing/notation/index.js';
import type { CliContext } from '../context.js';
import { cliError } from '../errors.js';
import { parseDuration } from '../flag-values.js';
import {
  addOutputOption,
  addRegistryOptions,
  type OutputOptions,
  type RegistryFlags,
} from '../options.js';
import { printJson } from '../output.js';
import { readCliFileBytes } from '../read-text-file.js';
import { registryClientFrom } from '../registry-client.js';

interface SignOptions extends OutputOptions, RegistryFlags {
  key: string;
  cert: string;
  signatureFormat: string;
  signingScheme: string;
  expiry?: number;
  timestampUrl?: string;
}

/** Up to ten years: longer is a typo for a signature that should have an expiry at all. */
const EXPIRY_RANGE = { min: 1000, max: 10 * 365 * 86_400_000 };

export function registerNotationSign(group: Command, context: CliContext): void {
  addRegistryOptions(
    addOutputOption(
      group
        .command('sign')
        .description('sign images with an X.509 certificate (Notary Project signature)')
        .argument('<image...>', 'image references; tags are resolved to digests')
        .requiredOption('--key <file>', 'PEM private key (PKCS#8, PKCS#1 or SEC1, unencrypted)')
        .requiredOption('--cert <file>', 'PEM certificate chain of the key: leaf first, root last')
        .option('--signature-format <format>', 'envelope: jws or cose', 'jws')
        .option(
          '--signing-scheme <scheme>',
          'notary.x509 or notary.x509.signingAuthority',
          'notary.x509',
        )
        .option(
          '-e, --expiry <duration>',
          'signature expiry after signing: 30m, 24h (none by default)',
          (v: string) => parseDuration(v, '--expiry', EXPIRY_RANGE),
        )
        .option(
          '--timestamp-url <url>',
          'RFC 3161 timestamp authority to countersign each signature (notary.x509 only)',
        ),
    ),
  ).action(async (images: string[], options: SignOptions) => {
    context.format = options.output;
    const format = (['jws', 'cose'] as EnvelopeFormat[]).find((f) => f === options.signatureFormat);
    if (format === undefined)
      throw cliError(
        'CLI_USAGE',
        `--signature-format must be jws or cose, got "${options.signatureFormat}"`,
      );
    const scheme = SIGNING_SCHEMES.find((s) => s === options.signingScheme);
    if (scheme === undefined)
      throw cliError(
        'CLI_USAGE',
        `--signing-scheme must be ${SIGNING_SCHEMES.join(' or ')}, got "${options.signingScheme}"`,
      );
    if (options.timestampUrl !== undefined && scheme !== 'notary.x509')
      throw cliError(
        'CLI_USAGE',
        '--timestamp-url needs --signing-scheme notary.x509 (the signing authority vouches for the time otherwise)',
      );
    const privateKey = await readKey(options.key);
    const chain = certificatesFromFile(
      Buffer.from(
        await readCliFileBytes(options.cert, { what: 'certificate chain', maxBytes: 1024 * 1024 }),
      ),
      options.cert,
    );
    const refs = images.map((i) => parseReference(i));
    const client = await registryClientFrom(options, context.env, refs[0]?.registry, context);
    const results: { image: string; signature: string; mediaType: string }[] = [];
    try {
      for (const ref of refs) {
        const descriptor = await client.headManifest(ref);
        if (descriptor === undefined)
          throw cliError('CLI_USAGE', `${formatReference(ref)} does not exist`);
        const pinned = withDigest(ref, descriptor.digest);
        if (ref.digest === undefined)
          context.console.err(
            `resolved ${formatReference(ref)} to ${descriptor.digest}: the signature covers the digest, not the tag`,
          );
        const signed = signNotationEnvelope({
          format,
          scheme,
          target: {
            mediaType: descriptor.mediaType,
            digest: descriptor.digest,
            size: descriptor.size,
          },
          privateKey,
          chain,
          ...(options.expiry === undefined
            ? {}
            : { expiry: new Date(Date.now() + options.expiry) }),
        });
        const envelope =
          options.timestampUrl === undefined
            ? signed
            : withTimestampToken(
                signed,
                await requestTimestamp(
                  options.timestampUrl,
                  decodeEnvelope(signed.bytes, signed.mediaType, 'the new signature').signature,
                ),
              );
        const signature = await pushNotationSignature(client, pinned, descriptor, envelope);
        results.push({ image: formatReference(pinned), signature, mediaType: envelope.mediaType });
        context.console.err(
          `signed ${formatReference(pinned)}: ${format.toUpperCase()} signature ${signature}`,
        );
      }
    } finally {
      await client.close();
    }
    if (options.output === 'json') printJson(context.console, results);
    else for (const r of results) context.console.out(r.signature);
  });
}

async function readKey(path: string): Promise<KeyObject> {
  const bytes = await readCliFileBytes(path, { what: 'signing key', maxBytes: 64 * 1024 });
  try {
    return createPrivateKey({ key: Buffer.from(bytes), format: 'pem' });
  } catch (cause) {
    throw cliError('CLI_USAGE', `${path} is not an unencrypted PEM private key`, { cause });
  }
}
