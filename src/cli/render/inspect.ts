/** Text rendering of `signet image inspect`. */
import type { ImageInspection } from '../../oci/inspect/index.js';
import { formatBytes } from './bytes.js';

function field(name: string, value: string): string {
  return `${`${name}:`.padEnd(13)}${value}`;
}

export function renderInspection(reference: string, result: ImageInspection): string {
  const lines = [
    field('Reference', reference),
    field('Digest', result.digest),
    field('Media type', result.mediaType),
    field('Size', formatBytes(result.size)),
  ];
  if (result.artifactType !== undefined) lines.push(field('Artifact', result.artifactType));
  if (result.platforms !== undefined) {
    lines.push(`Platforms:   ${result.platforms.length}`);
    const width = Math.max(...result.platforms.map((p) => p.platform.length), 8);
    for (const p of result.platforms) lines.push(`  ${p.platform.padEnd(width)}  ${p.digest}`);
  }
  const config = result.config;
  if (config !== undefined) {
    if (config.platform !== undefined) lines.push(field('Platform', config.platform));
    if (config.created !== undefined) lines.push(field('Created', config.created));
    lines.push(field('Layers', `${config.layers} (${formatBytes(config.layersBytes)})`));
    if (config.entrypoint !== undefined)
      lines.push(field('Entrypoint', JSON.stringify(config.entrypoint)));
    if (config.cmd !== undefined) lines.push(field('Cmd', JSON.stringify(config.cmd)));
    if (config.user !== undefined) lines.push(field('User', config.user));
    if (config.workingDir !== undefined) lines.push(field('Workdir', config.workingDir));
    if (config.env !== undefined && config.env.length > 0) {
      lines.push('Env:');
      for (const entry of config.env) lines.push(`  ${entry}`);
    }
    if (config.labels !== undefined) {
      lines.push('Labels:');
      for (const [key, value] of Object.entries(config.labels)) lines.push(`  ${key}=${value}`);
    }
  }
  return lines.join('\n');
}
