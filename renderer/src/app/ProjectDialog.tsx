import { FolderOpen, FolderPlus, X } from 'lucide-react';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { useMethodMutation, useProject, useRecentProjects } from '../hooks/queries.js';
import { useUiStore } from '../state/ui-store.js';
import { desktopBridge } from '../transport/desktop-transport.js';

function FolderField({
  id,
  label,
  value,
  onChange,
  purpose,
}: {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  purpose: 'open' | 'create';
}) {
  const bridge = desktopBridge();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="field__row">
        <input
          id={id}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          placeholder="/home/me/projects/churn"
          spellCheck={false}
          autoComplete="off"
        />
        {bridge ? (
          <button
            type="button"
            className="button button--ghost"
            onClick={() => void bridge.pickFolder(purpose).then((path) => path && onChange(path))}
          >
            Browse…
          </button>
        ) : null}
      </div>
    </div>
  );
}

/** Open a recent project, open a folder, or create a new project. */
export function ProjectDialog() {
  const open = useUiStore((state) => state.projectDialogOpen);
  const setOpen = useUiStore((state) => state.setProjectDialogOpen);
  const dialog = useRef<HTMLDialogElement>(null);
  const current = useProject().data;
  const recent = useRecentProjects();
  const openProject = useMethodMutation('project.open');
  const createProject = useMethodMutation('project.create');
  const [openPath, setOpenPath] = useState('');
  const [createPath, setCreatePath] = useState('');
  const [createName, setCreateName] = useState('');
  const [withSample, setWithSample] = useState(false);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      openProject.reset();
      createProject.reset();
      void recent.refetch();
      element.showModal();
    }
    if (!open && element.open) element.close();
  }, [open, openProject, createProject, recent]);

  const close = () => setOpen(false);
  const onDone = { onSuccess: close };
  const submitOpen = (event: FormEvent) => {
    event.preventDefault();
    openProject.mutate({ path: openPath }, onDone);
  };
  const submitCreate = (event: FormEvent) => {
    event.preventDefault();
    createProject.mutate(
      { path: createPath, sample: withSample, ...(createName.trim() ? { name: createName } : {}) },
      onDone,
    );
  };

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="project-dialog-title" onClose={close}>
      <header className="dialog__header">
        <h2 id="project-dialog-title">Projects</h2>
        <button type="button" className="button button--ghost" onClick={close} aria-label="Close">
          <X size={16} aria-hidden />
        </button>
      </header>
      <section aria-labelledby="recent-title">
        <h3 id="recent-title">Recent</h3>
        <ul className="recent-list">
          {(recent.data ?? []).map((project) => (
            <li key={project.path}>
              <button
                type="button"
                className="recent-list__item"
                disabled={!project.exists || project.path === current?.path}
                onClick={() => openProject.mutate({ path: project.path }, onDone)}
              >
                <span className="recent-list__name">
                  {project.name}
                  {project.path === current?.path ? <span className="badge badge--up">open</span> : null}
                  {project.exists ? null : <span className="badge badge--failed">missing</span>}
                </span>
                <span className="recent-list__path">{project.path}</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
      <form onSubmit={submitOpen} className="dialog__form" aria-labelledby="open-title">
        <h3 id="open-title">Open a project folder</h3>
        <FolderField id="open-path" label="Folder" value={openPath} onChange={setOpenPath} purpose="open" />
        <ErrorMessage error={openProject.error} />
        <button type="submit" className="button button--primary" disabled={!openPath.trim() || openProject.isPending}>
          <FolderOpen size={15} aria-hidden /> Open project
        </button>
      </form>
      <form onSubmit={submitCreate} className="dialog__form" aria-labelledby="create-title">
        <h3 id="create-title">Create a new project</h3>
        <FolderField id="create-path" label="New folder" value={createPath} onChange={setCreatePath} purpose="create" />
        <div className="field">
          <label htmlFor="create-name">Name (optional)</label>
          <input
            id="create-name"
            value={createName}
            onChange={(event) => setCreateName(event.target.value)}
            placeholder="the folder's name"
          />
        </div>
        <label className="check-field">
          <input type="checkbox" checked={withSample} onChange={(event) => setWithSample(event.target.checked)} />
          Start with the flights sample: real data, feature definitions, checks and a training set
        </label>
        <ErrorMessage error={createProject.error} />
        <button
          type="submit"
          className="button button--primary"
          disabled={!createPath.trim() || createProject.isPending}
        >
          <FolderPlus size={15} aria-hidden /> Create project
        </button>
      </form>
    </dialog>
  );
}
