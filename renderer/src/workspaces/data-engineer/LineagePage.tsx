import { useQuery } from '@tanstack/react-query';
import { GitBranch } from 'lucide-react';
import type { LineageGraph, LineageNode } from '../../../../shared/contract/schemas.js';
import { EmptyState } from '../../components/EmptyState.js';
import { Panel } from '../../components/Panel.js';
import { useClient } from '../../transport/client-context.js';

const COLUMNS: LineageNode['kind'][] = ['file', 'table', 'feature view', 'feature service', 'training set'];
const NODE_WIDTH = 172;
const NODE_HEIGHT = 46;
const COLUMN_GAP = 48;
const ROW_GAP = 14;
const TOP = 34;

interface Placed extends LineageNode {
  x: number;
  y: number;
}

/** Lays nodes out in one column per kind, in the order data flows. */
function layout(graph: LineageGraph): { placed: Map<string, Placed>; width: number; height: number } {
  const placed = new Map<string, Placed>();
  let height = 0;
  COLUMNS.forEach((kind, column) => {
    graph.nodes
      .filter((node) => node.kind === kind)
      .sort((a, b) => a.label.localeCompare(b.label))
      .forEach((node, row) => {
        const y = TOP + row * (NODE_HEIGHT + ROW_GAP);
        placed.set(node.id, { ...node, x: column * (NODE_WIDTH + COLUMN_GAP), y });
        height = Math.max(height, y + NODE_HEIGHT);
      });
  });
  return { placed, width: COLUMNS.length * (NODE_WIDTH + COLUMN_GAP) - COLUMN_GAP, height: height + 8 };
}

function LineageDiagram({ graph }: { graph: LineageGraph }) {
  const { placed, width, height } = layout(graph);
  return (
    <div className="lineage-scroll">
      <svg
        width={width}
        height={height}
        role="img"
        aria-label={`Lineage: ${graph.nodes.length} items, ${graph.edges.length} links`}
        className="lineage"
      >
        {COLUMNS.map((kind, column) => (
          <text key={kind} x={column * (NODE_WIDTH + COLUMN_GAP)} y={14} className="lineage__heading">
            {kind === 'file' ? 'Files' : `${kind[0]?.toUpperCase()}${kind.slice(1)}s`}
          </text>
        ))}
        {graph.edges.map((edge) => {
          const from = placed.get(edge.from);
          const to = placed.get(edge.to);
          if (!from || !to) return null;
          const x1 = from.x + NODE_WIDTH;
          const y1 = from.y + NODE_HEIGHT / 2;
          const x2 = to.x;
          const y2 = to.y + NODE_HEIGHT / 2;
          const bend = Math.max(30, (x2 - x1) / 2);
          return (
            <path
              key={`${edge.from}-${edge.to}`}
              d={`M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`}
              className="lineage__edge"
            />
          );
        })}
        {[...placed.values()].map((node) => (
          <g
            key={node.id}
            transform={`translate(${node.x},${node.y})`}
            className={`lineage__node lineage__node--${node.kind.replace(' ', '-')}`}
          >
            <title>{node.detail || node.label}</title>
            <rect width={NODE_WIDTH} height={NODE_HEIGHT} rx={8} />
            <text x={12} y={19} className="lineage__label">
              {node.label.length > 22 ? `${node.label.slice(0, 21)}…` : node.label}
            </text>
            <text x={12} y={35} className="lineage__detail">
              {(node.detail || node.kind).slice(0, 27)}
            </text>
          </g>
        ))}
      </svg>
    </div>
  );
}

export function LineagePage() {
  const client = useClient();
  const graph = useQuery({ queryKey: ['lineage.graph', {}], queryFn: () => client.invoke('lineage.graph', {}) });
  return (
    <div className="page page--wide">
      <header className="page-header">
        <h1>Lineage</h1>
        <p className="page-header__lead">
          Which files made which tables, which tables feed which feature views, and which training sets used them.
        </p>
      </header>
      <Panel id="lineage" title="Lineage">
        {graph.data && graph.data.nodes.length === 0 ? (
          <EmptyState icon={GitBranch} title="Nothing to trace yet">
            Import a file, define feature views and build a training set: each step appears here, linked to what it came
            from.
          </EmptyState>
        ) : graph.data ? (
          <LineageDiagram graph={graph.data} />
        ) : null}
      </Panel>
    </div>
  );
}
