import { useQuery } from '@tanstack/react-query';
import { GitBranch } from 'lucide-react';
import { useCallback, useState } from 'react';
import type { LineageNode } from '../../../../shared/contract/schemas.js';
import { EmptyState } from '../../components/EmptyState.js';
import { Panel } from '../../components/Panel.js';
import { useUiStore } from '../../state/ui-store.js';
import { useClient } from '../../transport/client-context.js';
import { FileImportsPanel } from './FileImportsPanel.js';
import { LineageDiagram, LineageLegend } from './LineageDiagram.js';
import { pageOfLineageNode } from './lineage-node-page.js';

export function LineagePage() {
  const client = useClient();
  const graph = useQuery({ queryKey: ['lineage.graph', {}], queryFn: () => client.invoke('lineage.graph', {}) });
  const [file, setFile] = useState<LineageNode | null>(null);
  const open = useCallback((node: LineageNode) => {
    const link = pageOfLineageNode(node);
    if (link) useUiStore.getState().openPage(link.role, link.page, link.item);
    else setFile(node);
  }, []);
  return (
    <div className="page page--wide">
      <header className="page-header">
        <h1>Lineage</h1>
        <p className="page-header__lead">
          Which files made which tables, which tables feed which feature views, which training sets used them, and which
          model versions were trained on them. Choose an item to open it.
        </p>
      </header>
      <Panel id="lineage" title="Lineage">
        {graph.data && graph.data.nodes.length === 0 ? (
          <EmptyState icon={GitBranch} title="Nothing to trace yet">
            Import a file, define feature views and build a training set: each step appears here, linked to what it came
            from.
          </EmptyState>
        ) : graph.data ? (
          <>
            <LineageLegend graph={graph.data} />
            <div className={file ? 'lineage-layout lineage-layout--with-file' : 'lineage-layout'}>
              <LineageDiagram graph={graph.data} onOpen={open} />
              {file ? <FileImportsPanel file={file} onClose={() => setFile(null)} /> : null}
            </div>
          </>
        ) : null}
      </Panel>
    </div>
  );
}
