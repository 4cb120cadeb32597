import { HardDrive } from 'lucide-react';
import type { ProjectFacts } from '../../../../shared/contract/schemas.js';
import { formatBytes, formatCount } from '../../../../shared/format.js';
import { FactCard } from '../../components/FactCard.js';

export function ArtifactsFactCard({ facts }: { facts: ProjectFacts | undefined }) {
  return (
    <FactCard
      icon={HardDrive}
      label="Artifacts"
      value={facts ? formatBytes(facts.artifactsBytes) : undefined}
      hint={facts ? formatCount(facts.artifactCount, 'file') : undefined}
    />
  );
}
