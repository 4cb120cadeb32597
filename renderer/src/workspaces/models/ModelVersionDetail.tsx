import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ModelVersion, TensorSignature } from '../../../../shared/contract/schemas.js';
import { formatBytes } from '../../../../shared/format.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { TableHead } from '../../components/TableHead.js';
import { ModelCardView } from '../../models/ModelCardView.js';
import { useClient } from '../../transport/client-context.js';

const shapeText = (tensor: TensorSignature) =>
  tensor.shape === null ? 'unknown' : `[${tensor.shape.map((dim) => (dim < 0 ? '?' : dim)).join(', ')}]`;

function Signature({ version }: { version: ModelVersion }) {
  const rows = [
    ...version.signature.inputs.map((tensor) => ({ ...tensor, role: 'input' })),
    ...version.signature.outputs.map((tensor) => ({ ...tensor, role: 'output' })),
  ];
  return (
    <table className="data-grid" aria-label="Signature">
      <TableHead columns={['', 'Name', 'Type', 'Shape']} />
      <tbody>
        {rows.map((tensor) => (
          <tr key={`${tensor.role}:${tensor.name}`}>
            <td>{tensor.role}</td>
            <td>
              {tensor.name}
              {tensor.role === 'input' && version.card.inputColumns?.[tensor.name] ? (
                <div className="muted wrapping-cell-note">
                  columns of {version.card.trainingTable}: {version.card.inputColumns[tensor.name]?.join(', ')}
                </div>
              ) : null}
            </td>
            <td>{tensor.datatype}</td>
            <td>{shapeText(tensor)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AliasForm({ version }: { version: ModelVersion }) {
  const client = useClient();
  const queryClient = useQueryClient();
  const [alias, setAlias] = useState('champion');
  const move = useMutation({
    mutationFn: () =>
      client.invoke('models.setAlias', { name: version.name, alias: alias.trim(), version: version.version }),
    onSuccess: () => queryClient.invalidateQueries(),
  });
  return (
    <form
      className="inline-fields"
      onSubmit={(event) => {
        event.preventDefault();
        move.mutate();
      }}
    >
      <label>
        Alias
        <input value={alias} onChange={(event) => setAlias(event.target.value)} aria-label="Alias" />
      </label>
      <button type="submit" className="button" disabled={!alias.trim() || move.isPending}>
        Point @{alias.trim() || 'alias'} at version {version.version}
      </button>
      <ErrorMessage error={move.error} />
    </form>
  );
}

/** Tags as the field shows them: key=value, comma-separated. */
const tagsText = (tags: Record<string, string>) =>
  Object.entries(tags)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');

function parseTags(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const at = part.indexOf('=');
        return at < 0 ? [part, 'true'] : [part.slice(0, at).trim(), part.slice(at + 1).trim()];
      }),
  );
}

function AnnotationForm({ version }: { version: ModelVersion }) {
  const client = useClient();
  const queryClient = useQueryClient();
  const [description, setDescription] = useState(version.description);
  const [tags, setTags] = useState(tagsText(version.tags));
  const save = useMutation({
    mutationFn: () =>
      client.invoke('models.annotate', {
        name: version.name,
        version: version.version,
        description,
        tags: parseTags(tags),
      }),
    onSuccess: () => queryClient.invalidateQueries(),
  });
  const changed = description !== version.description || tags !== tagsText(version.tags);
  return (
    <form
      className="inline-fields"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <label>
        Description
        <input
          value={description}
          onChange={(event) => setDescription(event.target.value)}
          aria-label="Description"
          size={40}
        />
      </label>
      <label>
        Tags (key=value, comma-separated)
        <input value={tags} onChange={(event) => setTags(event.target.value)} aria-label="Tags" size={30} />
      </label>
      <button type="submit" className="button" disabled={!changed || save.isPending}>
        Save
      </button>
      <ErrorMessage error={save.error} />
    </form>
  );
}

function DeleteVersion({ version, onDeleted }: { version: ModelVersion; onDeleted(): void }) {
  const client = useClient();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const remove = useMutation({
    mutationFn: () => client.invoke('models.deleteVersion', { name: version.name, version: version.version }),
    onSuccess: async () => {
      setAsking(false);
      onDeleted();
      await queryClient.invalidateQueries();
    },
  });
  return (
    <>
      <button type="button" className="button button--danger" onClick={() => setAsking(true)}>
        Delete version {version.version}
      </button>
      <ConfirmDialog
        open={asking}
        title={`Delete ${version.name} version ${version.version}?`}
        confirmLabel={`Delete version ${version.version}`}
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate()}
        onCancel={() => setAsking(false)}
      >
        Its model card goes with it, and its file when no other version holds the same bytes. A version an alias points
        at cannot be deleted: move the alias first.
      </ConfirmDialog>
    </>
  );
}

/** One version: where it came from, its card, its signature, and what can be done with it. */
export function ModelVersionDetail({ version, onDeleted }: { version: ModelVersion; onDeleted(): void }) {
  const { card } = version;
  return (
    <div className="model-version">
      <p className="muted">
        {card.algorithm}
        {card.task === 'unknown' ? '' : `, ${card.task}`}
        {card.label ? ` predicting ${card.label}` : ''}
        {card.trainingTable ? ` · trained on ${card.trainingTable}` : ''}
        {card.featureService ? ` (feature service ${card.featureService})` : ''}
        {` · ${formatBytes(version.bytes)} · ${new Date(version.createdAt).toLocaleString()}`}
      </p>
      <ModelCardView card={card} />
      <AnnotationForm key={`${version.name}:${version.version}`} version={version} />
      <h3 className="subheading">Signature</h3>
      <Signature version={version} />
      <div className="inline-fields">
        <AliasForm version={version} />
        <DeleteVersion version={version} onDeleted={onDeleted} />
      </div>
    </div>
  );
}
