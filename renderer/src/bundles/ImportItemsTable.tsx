import { CONFLICT_ACTIONS, type ConflictAction, type ImportItem, itemKey } from '../../../shared/contract/bundles.js';
import { TableHead } from '../components/TableHead.js';
import { type ConflictChoice, defaultRenameName } from './conflict-choices.js';

const STATUS_BADGE = { new: 'badge badge--up', identical: 'badge', conflict: 'badge badge--failed' } as const;
const ACTION_LABEL: Record<ConflictAction, string> = { rename: 'Rename', overwrite: 'Overwrite', skip: 'Skip' };

function ConflictChoiceField({
  item,
  choice,
  onChoose,
}: {
  item: ImportItem;
  choice: ConflictChoice | undefined;
  onChoose(choice: ConflictChoice): void;
}) {
  const subject = `${item.kind} ${item.name}`;
  const name = choice?.name ?? defaultRenameName(item.name);
  return (
    <fieldset className="conflict-choice" aria-label={`What to do with ${subject}`}>
      {CONFLICT_ACTIONS.map((action) => {
        const refused = action === 'rename' ? item.renameRefusal : null;
        return (
          <label key={action} className="conflict-choice__option" title={refused ?? undefined}>
            <input
              type="radio"
              name={`conflict-${itemKey(item)}`}
              checked={choice?.action === action}
              disabled={refused !== null}
              onChange={() => onChoose({ action, name })}
            />
            {ACTION_LABEL[action]}
          </label>
        );
      })}
      {choice?.action === 'rename' ? (
        <input
          className="conflict-choice__name"
          aria-label={`New name for ${subject}`}
          value={name}
          onChange={(event) => onChoose({ action: 'rename', name: event.target.value })}
          spellCheck={false}
        />
      ) : null}
      {item.renameRefusal ? (
        <span className="conflict-choice__refusal">Cannot rename: {item.renameRefusal}</span>
      ) : null}
    </fieldset>
  );
}

/** Each item the bundle brings, how it meets the project, and for each conflict the user's choice. */
export function ImportItemsTable({
  items,
  choices,
  onChoose,
}: {
  items: readonly ImportItem[];
  choices: Readonly<Record<string, ConflictChoice>>;
  onChoose(key: string, choice: ConflictChoice): void;
}) {
  return (
    <div className="grid-scroll">
      <table className="data-grid data-grid--wrap" aria-label="What importing does">
        <TableHead columns={['Kind', 'Name', 'Status', 'Detail', 'Choice']} />
        <tbody>
          {items.map((item) => (
            <tr key={itemKey(item)}>
              <td className="import-items__kind">{item.kind}</td>
              <td>
                <code>{item.name}</code>
              </td>
              <td>
                <span className={STATUS_BADGE[item.status]}>{item.status}</span>
              </td>
              <td>{item.detail}</td>
              <td>
                {item.status === 'conflict' ? (
                  <ConflictChoiceField
                    item={item}
                    choice={choices[itemKey(item)]}
                    onChoose={(choice) => onChoose(itemKey(item), choice)}
                  />
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
