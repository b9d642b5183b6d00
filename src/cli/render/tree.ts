/**
 * Text rendering of `signet image tree`: the image, then one branch per attachment
 * (tag layout first, then referrers), with the signatures, attestations and SBOMs inside.
 */
import type { AttachmentKind } from '../../oci/attachments/index.js';
import type { Attachment, AttachmentTree } from '../../signing/remote/index.js';

const LABELS: Record<AttachmentKind, string> = {
  signature: 'Signatures',
  attestation: 'Attestations',
  sbom: 'SBOMs',
  other: 'Artifacts',
};

function attachmentTitle(attachment: Attachment): string {
  const label = LABELS[attachment.kind];
  if (attachment.layout === 'tag') return `${label} (tag ${attachment.tag})`;
  const type = attachment.artifactType ?? attachment.mediaType;
  const predicate = attachment.annotations['dev.sigstore.bundle.predicateType'];
  const suffix = predicate !== undefined ? `, predicate ${predicate}` : '';
  return `${label.replace(/s$/, '')} (referrer ${attachment.digest}, ${type}${suffix})`;
}

export function renderTree(reference: string, tree: AttachmentTree): string {
  const lines = [`${reference}@${tree.subject.digest}`];
  if (tree.attachments.length === 0) {
    lines.push('└── no signatures, attestations, SBOMs or referrers found');
  }
  tree.attachments.forEach((attachment, i) => {
    const last = i === tree.attachments.length - 1;
    lines.push(`${last ? '└──' : '├──'} ${attachmentTitle(attachment)}`);
    const indent = last ? '    ' : '│   ';
    attachment.items.forEach((item, j) => {
      const branch = j === attachment.items.length - 1 ? '└──' : '├──';
      const predicate = item.predicateType !== undefined ? ` ${item.predicateType}` : '';
      lines.push(`${indent}${branch} ${item.digest} ${item.mediaType}${predicate}`);
    });
  });
  lines.push(
    `(referrers read through ${tree.referrersSource === 'api' ? 'the referrers API' : 'the referrers tag schema'})`,
  );
  return lines.join('\n');
}
