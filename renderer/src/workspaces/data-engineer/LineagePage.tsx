import { useQuery } from '@tanstack/react-query';
import { GitBranch } from 'lucide-react';
import type { LineageGraph, LineageNode } from '../../../../shared/contract/schemas.js';
import { EmptyState } from '../../components/EmptyState.js';
import { Panel } from '../../components/Panel.js';
import { useClient } from '../../transport/client-context.js';

interface Column {
  heading: string;
  holds(node: LineageNode): boolean;
}

const KIND_COLUMNS: [LineageNode['kind'], string][] = [
  ['file', 'Files'],
  ['table', 'Tables'],
  ['feature view', 'Feature views'],
  ['feature service', 'Feature services'],
  ['training set', 'Training sets'],
];
const NODE_WIDTH = 160;
const NODE_HEIGHT = 46;
const COLUMN_GAP = 26;
const ROW_GAP = 14;
const TOP = 34;

const shorten = (text: string, length: number) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);

interface Placed extends LineageNode {
  x: number;
  y: number;
}

/** One column per kind in the order data flows; tables made from other tables get a column after those. */
function columnsOf(graph: LineageGraph): Column[] {
  const kinds = new Map(graph.nodes.map((node) => [node.id, node.kind]));
  const derived = new Set(
    graph.edges
      .filter((edge) => kinds.get(edge.from) === 'table' && kinds.get(edge.to) === 'table')
      .map((edge) => edge.to),
  );
  return KIND_COLUMNS.flatMap(([kind, heading]): Column[] =>
    kind === 'table' && derived.size > 0
      ? [
          { heading, holds: (node) => node.kind === 'table' && !derived.has(node.id) },
          { heading: 'Derived tables', holds: (node) => derived.has(node.id) },
        ]
      : [{ heading, holds: (node) => node.kind === kind }],
  );
}

function layout(
  graph: LineageGraph,
  columns: readonly Column[],
): { placed: Map<string, Placed>; width: number; height: number } {
  const placed = new Map<string, Placed>();
  let height = 0;
  columns.forEach((holder, column) => {
    graph.nodes
      .filter((node) => holder.holds(node))
      .sort((a, b) => a.label.localeCompare(b.label))
      .forEach((node, row) => {
        const y = TOP + row * (NODE_HEIGHT + ROW_GAP);
        placed.set(node.id, { ...node, x: column * (NODE_WIDTH + COLUMN_GAP), y });
        height = Math.max(height, y + NODE_HEIGHT);
      });
  });
  return { placed, width: columns.length * (NODE_WIDTH + COLUMN_GAP) - COLUMN_GAP, height: height + 8 };
}

function LineageDiagram({ graph }: { graph: LineageGraph }) {
  const columns = columnsOf(graph);
  const { placed, width, height } = layout(graph, columns);
  return (
    <div className="lineage-scroll">
      <svg
        width={width}
        height={height}
        role="img"
        aria-label={`Lineage: ${graph.nodes.length} items, ${graph.edges.length} links`}
        className="lineage"
      >
        {columns.map((column, index) => (
          <text key={column.heading} x={index * (NODE_WIDTH + COLUMN_GAP)} y={14} className="lineage__heading">
            {column.heading}
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
              {shorten(node.label, 20)}
            </text>
            <text x={12} y={35} className="lineage__detail">
              {shorten(node.detail || node.kind, 23)}
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
