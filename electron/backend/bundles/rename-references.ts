import { parseDocument } from 'yaml';
import type { FeatureDefinitions } from '../../../shared/contract/feature-definitions.js';
import type { ModelCard } from '../../../shared/contract/schemas.js';

/** New names for renamed items of a bundle, old name → new name, by kind. */
export interface Renames {
  pipeline: string | null;
  entities: ReadonlyMap<string, string>;
  services: ReadonlyMap<string, string>;
  checks: ReadonlyMap<string, string>;
  models: ReadonlyMap<string, string>;
}

/** A registry reference (`NAME`, `NAME:VERSION`, `NAME@ALIAS`) with its model renamed. */
function renamedModelReference(reference: string, models: ReadonlyMap<string, string>): string {
  const match = /^([^:@]+)([:@].*)?$/.exec(reference);
  const renamed = match ? models.get(match[1] as string) : undefined;
  return renamed ? `${renamed}${match?.[2] ?? ''}` : reference;
}

/**
 * The pipeline's YAML with its own name and the names it gives to renamed feature services and
 * models changed, keeping its comments and layout.
 */
export function renamedPipelineText(text: string, renames: Renames): string {
  const document = parseDocument(text);
  let changed = false;
  if (renames.pipeline) {
    document.set('name', renames.pipeline);
    changed = true;
  }
  const steps = document.toJS().steps as { kind: string; with?: Record<string, unknown> }[];
  steps.forEach((step, index) => {
    const settings = step.with ?? {};
    const set = (key: string, value: string) => {
      document.setIn(['steps', index, 'with', key], value);
      changed = true;
    };
    if (step.kind === 'training_set' && typeof settings.service === 'string' && renames.services.has(settings.service))
      set('service', renames.services.get(settings.service) as string);
    if (step.kind === 'register' && typeof settings.name === 'string' && renames.models.has(settings.name))
      set('name', renames.models.get(settings.name) as string);
    if (typeof settings.model === 'string' && !settings.model.includes('${')) {
      const renamed = renamedModelReference(settings.model, renames.models);
      if (renamed !== settings.model) set('model', renamed);
    }
  });
  // Written back only when changed: the YAML library would lay out even an unchanged file its own way.
  return changed ? String(document) : text;
}

/** The bundle's feature definitions with renamed entities, services and checks, and the views naming those entities. */
export function renamedDefinitions(features: FeatureDefinitions, renames: Renames): FeatureDefinitions {
  const entity = (name: string) => renames.entities.get(name) ?? name;
  return {
    entities: features.entities.map((item) => ({ ...item, name: entity(item.name) })),
    feature_views: features.feature_views.map((view) => ({ ...view, entities: view.entities.map(entity) })),
    feature_services: features.feature_services.map((service) => ({
      ...service,
      name: renames.services.get(service.name) ?? service.name,
    })),
    quality_checks: features.quality_checks.map((check) => ({
      ...check,
      name: renames.checks.get(check.name) ?? check.name,
    })),
  };
}

/** A bundled model card naming its feature service by the name it has in this project (calls by entity id read it). */
export function renamedCard(card: ModelCard, renames: Renames): ModelCard {
  const service = card.featureService === null ? undefined : renames.services.get(card.featureService);
  return service === undefined ? card : { ...card, featureService: service };
}
