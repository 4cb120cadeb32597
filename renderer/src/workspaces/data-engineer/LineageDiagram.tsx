import '@xyflow/react/dist/style.css';
import {
  BaseEdge,
  Controls,
  type Edge,
  type EdgeProps,
  type FitViewOptions,
  Handle,
  MarkerType,
  type Node,
  type NodeProps,
  Position,
  ReactFlow,
  useReactFlow,
  useStore,
  useStoreApi,
} from '@xyflow/react';
import { Boxes, Combine, FileText, Layers, type LucideIcon, Rows3, Table2 } from 'lucide-react';
import { useEffect, useMemo } from 'react';
import type { LineageGraph, LineageNode } from '../../../../shared/contract/schemas.js';
import { textWidthMeasurer } from '../../components/text-width.js';
import { layoutLineage, type PlacedNode } from './lineage-layout.js';
import { KIND_NAMES, subtitleOf } from './lineage-node-text.js';

const KIND_ICONS: Record<LineageNode['kind'], LucideIcon> = {
  file: FileText,
  table: Table2,
  'feature view': Layers,
  'feature service': Combine,
  'training set': Rows3,
  model: Boxes,
};
const kindClass = (kind: LineageNode['kind']) => `lineage-kind--${kind.replace(' ', '-')}`;

/** Fonts of a node's two lines (styles.css, .lineage-node__label and __subtitle): the layout sizes nodes with them. */
const measureNodeText = () => ({ label: textWidthMeasurer(600, 13), subtitle: textWidthMeasurer(400, 11.5) });
/** Space kept around the graph when it is fitted to the view; more on the left, where the zoom controls are. */
const FIT_VIEW_OPTIONS: FitViewOptions = {
  padding: { top: '24px', right: '24px', bottom: '24px', left: '64px' },
  maxZoom: 1,
};
const FRAME_PADDING_Y = 48;
/** Edges and their arrowheads, which React Flow colours through an attribute rather than CSS. */
const EDGE_COLOR = '#94a3b8';
const MIN_HEIGHT = 260;
const MAX_HEIGHT = 620;

type LineageFlowNode = Node<{ placed: PlacedNode }, 'lineage'>;
type LineageFlowEdge = Edge<{ path: string }, 'routed'>;

/** Brings a node that got the keyboard focus into view when it is outside the visible part of the graph. */
function useRevealOnFocus(placed: PlacedNode) {
  const store = useStoreApi();
  const { setCenter } = useReactFlow();
  return () => {
    const { transform, width, height } = store.getState();
    const [panX, panY, zoom] = transform;
    const left = placed.x * zoom + panX;
    const top = placed.y * zoom + panY;
    const inside = left >= 0 && top >= 0 && left + placed.width * zoom <= width && top + placed.height * zoom <= height;
    if (!inside)
      void setCenter(placed.x + placed.width / 2, placed.y + placed.height / 2, {
        zoom: Math.max(zoom, 1),
        duration: 200,
      });
  };
}

/** Below this zoom a node's text is too small to read: a wider graph then starts at its left end, to be panned. */
const READABLE_ZOOM = 0.8;
const FIT_PADDING = { x: 64 + 24, y: 24 + 24 };

/**
 * Shows the whole graph when it fits at a readable size, else its start (the files) at a readable
 * size; again whenever the view changes size (a window resized, a side panel opened).
 */
function ReadableViewOnResize({ placed }: { placed: readonly PlacedNode[] }) {
  const width = useStore((state) => state.width);
  const height = useStore((state) => state.height);
  const { fitView } = useReactFlow();
  useEffect(() => {
    if (width <= 0 || height <= 0 || placed.length === 0) return;
    const left = Math.min(...placed.map((node) => node.x));
    const right = Math.max(...placed.map((node) => node.x + node.width));
    const top = Math.min(...placed.map((node) => node.y));
    const bottom = Math.max(...placed.map((node) => node.y + node.height));
    const fitted = Math.min((width - FIT_PADDING.x) / (right - left), (height - FIT_PADDING.y) / (bottom - top));
    if (fitted >= READABLE_ZOOM) {
      void fitView(FIT_VIEW_OPTIONS);
      return;
    }
    const shownRight = left + (width - FIT_PADDING.x) / READABLE_ZOOM;
    const start = placed.filter((node) => node.x + node.width <= shownRight).map((node) => ({ id: node.node.id }));
    void fitView({ ...FIT_VIEW_OPTIONS, nodes: start, minZoom: READABLE_ZOOM, maxZoom: READABLE_ZOOM });
  }, [placed, width, height, fitView]);
  return null;
}

/**
 * A node is a button so that it takes the keyboard focus; its click, by mouse or by Enter, reaches
 * the graph's onNodeClick, which opens the node.
 */
function LineageNodeView({ data: { placed } }: NodeProps<LineageFlowNode>) {
  const { node } = placed;
  const Icon = KIND_ICONS[node.kind];
  const reveal = useRevealOnFocus(placed);
  const subtitle = subtitleOf(node);
  return (
    <>
      <Handle type="target" position={Position.Left} isConnectable={false} className="lineage-node__handle" />
      <button
        type="button"
        className={`graph-node lineage-node ${kindClass(node.kind)}`}
        title={[node.label, subtitle, node.kind === 'file' ? node.detail : ''].filter(Boolean).join('\n')}
        aria-label={`${KIND_NAMES[node.kind]} ${node.label}`}
        onFocus={reveal}
      >
        <Icon size={16} className="lineage-node__icon" aria-hidden />
        <span className="lineage-node__text">
          <span className="lineage-node__label">{placed.shownLabel}</span>
          <span className="lineage-node__subtitle">{subtitle}</span>
        </span>
      </button>
      <Handle type="source" position={Position.Right} isConnectable={false} className="lineage-node__handle" />
    </>
  );
}

function RoutedEdgeView({ data, markerEnd }: EdgeProps<LineageFlowEdge>) {
  return (
    <BaseEdge path={data?.path ?? ''} markerEnd={markerEnd} className="lineage-edge" style={{ stroke: EDGE_COLOR }} />
  );
}

const NODE_TYPES = { lineage: LineageNodeView };
const EDGE_TYPES = { routed: RoutedEdgeView };

/** The kinds of items the graph holds, in the order the layout places them. */
export function LineageLegend({ graph }: { graph: LineageGraph }) {
  const present = new Set(graph.nodes.map((node) => node.kind));
  return (
    <ul className="lineage-legend" aria-label="Kinds of items">
      {(Object.keys(KIND_NAMES) as LineageNode['kind'][])
        .filter((kind) => present.has(kind))
        .map((kind) => {
          const Icon = KIND_ICONS[kind];
          return (
            <li key={kind} className={`lineage-legend__item ${kindClass(kind)}`}>
              <Icon size={14} aria-hidden />
              {KIND_NAMES[kind]}
            </li>
          );
        })}
    </ul>
  );
}

/** The lineage as a graph that pans and zooms; each node is a button that opens it. */
export function LineageDiagram({ graph, onOpen }: { graph: LineageGraph; onOpen(node: LineageNode): void }) {
  const { nodes, edges, height, placed } = useMemo(() => {
    const laidOut = layoutLineage(graph, measureNodeText());
    const flowNodes = laidOut.nodes.map(
      (placed): LineageFlowNode => ({
        id: placed.node.id,
        type: 'lineage',
        position: { x: placed.x, y: placed.y },
        width: placed.width,
        height: placed.height,
        data: { placed },
      }),
    );
    const flowEdges = laidOut.edges.map(
      (edge): LineageFlowEdge => ({
        id: `${edge.from}→${edge.to}`,
        type: 'routed',
        source: edge.from,
        target: edge.to,
        data: { path: edge.path },
        markerEnd: { type: MarkerType.ArrowClosed, width: 14, height: 14, color: EDGE_COLOR },
      }),
    );
    const top = Math.min(...laidOut.nodes.map((placed) => placed.y));
    const bottom = Math.max(...laidOut.nodes.map((placed) => placed.y + placed.height));
    return { nodes: flowNodes, edges: flowEdges, height: bottom - top, placed: laidOut.nodes };
  }, [graph]);
  return (
    <figure
      className="lineage-diagram"
      aria-label={`Lineage: ${graph.nodes.length} items, ${graph.edges.length} links`}
      style={{ height: Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, height + 2 * FRAME_PADDING_Y)) }}
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        edgeTypes={EDGE_TYPES}
        onNodeClick={(_event, flowNode) => onOpen(flowNode.data.placed.node)}
        minZoom={0.2}
        maxZoom={2}
        nodesDraggable={false}
        nodesConnectable={false}
        nodesFocusable={false}
        edgesFocusable={false}
        elementsSelectable={false}
        disableKeyboardA11y
        zoomOnScroll={false}
        preventScrolling={false}
        proOptions={{ hideAttribution: true }}
      >
        <Controls showInteractive={false} fitViewOptions={FIT_VIEW_OPTIONS} />
        <ReadableViewOnResize placed={placed} />
      </ReactFlow>
    </figure>
  );
}
