import { graphlib, layout } from '@dagrejs/dagre';
import type { LineageGraph, LineageNode } from '../../../../shared/contract/schemas.js';
import { subtitleOf } from './lineage-node-text.js';

/** The width a text takes when drawn in a node, in pixels. */
export type MeasureText = (text: string) => number;

/** Measures of a node's two lines of text: its name, and the smaller subtitle under it. */
export interface NodeTextMeasures {
  label: MeasureText;
  subtitle: MeasureText;
}

export interface PlacedNode {
  node: LineageNode;
  /** Top-left corner. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** The label as drawn: whole, or cut with an ellipsis when it is wider than a node may be. */
  shownLabel: string;
}

export interface RoutedEdge {
  from: string;
  to: string;
  /** SVG path data: straight runs across columns of nodes, S-curves in the gaps between columns. */
  path: string;
}

export interface LineageLayout {
  /** In reading order, column by column from the left, top to bottom in a column: the order of keyboard focus. */
  nodes: PlacedNode[];
  edges: RoutedEdge[];
}

interface Point {
  x: number;
  y: number;
}

interface Column {
  left: number;
  right: number;
  top: number;
  nodes: PlacedNode[];
}

export const NODE_HEIGHT = 54;
export const NODE_MIN_WIDTH = 150;
export const NODE_MAX_WIDTH = 260;
/** Room a node takes besides its label: padding on both sides and the kind icon. */
export const NODE_CHROME_WIDTH = 54;
const RANK_GAP = 52;
const NODE_GAP = 22;
const EDGE_GAP = 14;
/** How far above a column an edge runs when it has no free lane through it. */
const LANE_MARGIN = 16;

const KIND_ORDER: LineageNode['kind'][] = ['file', 'table', 'feature view', 'feature service', 'training set', 'model'];

/** The longest start of `label` that fits `room` pixels with an ellipsis after it, or the whole label when it fits. */
export function fitLabel(label: string, room: number, measure: MeasureText): string {
  if (measure(label) <= room) return label;
  let fits = 0;
  let tooLong = label.length;
  while (tooLong - fits > 1) {
    const middle = Math.floor((fits + tooLong) / 2);
    if (measure(`${label.slice(0, middle)}…`) <= room) fits = middle;
    else tooLong = middle;
  }
  return `${label.slice(0, fits).trimEnd()}…`;
}

function nodeWidth(node: LineageNode, measure: NodeTextMeasures): number {
  const text = Math.max(measure.label(node.label), measure.subtitle(subtitleOf(node)));
  return Math.min(NODE_MAX_WIDTH, Math.max(NODE_MIN_WIDTH, Math.ceil(text) + NODE_CHROME_WIDTH));
}

const byKindThenLabel = (a: LineageNode, b: LineageNode) =>
  KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.label.localeCompare(b.label);

/**
 * Places the lineage left to right with dagre (ranks follow the data's flow, its ordering keeps
 * crossings few) and routes every edge so that it touches no node but its two ends.
 */
export function layoutLineage(graph: LineageGraph, measure: NodeTextMeasures): LineageLayout {
  const dag = new graphlib.Graph();
  dag.setGraph({ rankdir: 'LR', ranksep: RANK_GAP, nodesep: NODE_GAP, edgesep: EDGE_GAP, marginx: 8, marginy: 8 });
  dag.setDefaultEdgeLabel(() => ({}));
  const nodes = [...graph.nodes].sort(byKindThenLabel);
  for (const node of nodes) dag.setNode(node.id, { width: nodeWidth(node, measure), height: NODE_HEIGHT });
  const known = new Set(nodes.map((node) => node.id));
  const edges = graph.edges.filter((edge) => known.has(edge.from) && known.has(edge.to) && edge.from !== edge.to);
  for (const edge of edges) dag.setEdge(edge.from, edge.to);
  layout(dag);

  const placed = new Map<string, PlacedNode>();
  for (const node of nodes) {
    const { x, y, width, height } = dag.node(node.id) as { x: number; y: number; width: number; height: number };
    placed.set(node.id, {
      node,
      x: x - width / 2,
      y: y - height / 2,
      width,
      height,
      shownLabel: fitLabel(node.label, NODE_MAX_WIDTH - NODE_CHROME_WIDTH, measure.label),
    });
  }
  const columns = columnsOf([...placed.values()]);
  const columnOf = new Map<string, number>();
  columns.forEach((column, index) => {
    for (const member of column.nodes) columnOf.set(member.node.id, index);
  });

  const routed = edges.map((edge): RoutedEdge => {
    const hints = (dag.edge(edge.from, edge.to) as { points?: Point[] }).points ?? [];
    const waypoints = route(
      placed.get(edge.from) as PlacedNode,
      placed.get(edge.to) as PlacedNode,
      columns,
      columnOf,
      hints,
    );
    return { from: edge.from, to: edge.to, path: pathThrough(waypoints) };
  });
  return { nodes: columns.flatMap((column) => [...column.nodes].sort((a, b) => a.y - b.y)), edges: routed };
}

/** Nodes of one dagre rank share a centre line; a column spans the widest of them. */
function columnsOf(nodes: PlacedNode[]): Column[] {
  const byCentre = new Map<number, PlacedNode[]>();
  for (const node of nodes) {
    const centre = Math.round(node.x + node.width / 2);
    byCentre.set(centre, [...(byCentre.get(centre) ?? []), node]);
  }
  return [...byCentre.entries()]
    .sort(([a], [b]) => a - b)
    .map(([centre, members]) => {
      const half = Math.max(...members.map((member) => member.width)) / 2;
      return {
        left: centre - half,
        right: centre + half,
        top: Math.min(...members.map((member) => member.y)),
        nodes: members,
      };
    });
}

/**
 * The points an edge runs through. Inside a column it runs level: at its node's middle in the end
 * columns (no other node of a column shares that height), and through a column it crosses along
 * the free lane dagre kept there for it. It changes height only in the node-free gaps between columns.
 */
function route(
  source: PlacedNode,
  target: PlacedNode,
  columns: Column[],
  columnOf: Map<string, number>,
  hints: Point[],
): Point[] {
  const first = columnOf.get(source.node.id) as number;
  const last = columnOf.get(target.node.id) as number;
  if (first === last) return loopBeside(source, target, columns[first] as Column);
  const step = last > first ? 1 : -1;
  const exitSide = (column: Column) => (step > 0 ? column.right : column.left);
  const entrySide = (column: Column) => (step > 0 ? column.left : column.right);
  const middle = (node: PlacedNode) => node.y + node.height / 2;

  const points: Point[] = [{ x: step > 0 ? source.x + source.width : source.x, y: middle(source) }];
  const firstColumn = columns[first] as Column;
  points.push({ x: exitSide(firstColumn), y: middle(source) });
  for (let index = first + step; index !== last; index += step) {
    const column = columns[index] as Column;
    const y = laneThrough(column, hints);
    points.push({ x: entrySide(column), y }, { x: exitSide(column), y });
  }
  const lastColumn = columns[last] as Column;
  points.push({ x: entrySide(lastColumn), y: middle(target) });
  points.push({ x: step > 0 ? target.x : target.x + target.width, y: middle(target) });
  return withoutRepeats(points);
}

function withoutRepeats(points: Point[]): Point[] {
  return points.filter((point, index) => {
    const previous = points[index - 1];
    return !previous || previous.x !== point.x || previous.y !== point.y;
  });
}

/** Two nodes of one column (dagre only does this for a cycle): out to the right of the column and back. */
function loopBeside(source: PlacedNode, target: PlacedNode, column: Column): Point[] {
  const sourceY = source.y + source.height / 2;
  const targetY = target.y + target.height / 2;
  return withoutRepeats([
    { x: source.x + source.width, y: sourceY },
    { x: column.right, y: sourceY },
    { x: column.right + LANE_MARGIN, y: (sourceY + targetY) / 2 },
    { x: column.right, y: targetY },
    { x: target.x + target.width, y: targetY },
  ]);
}

/** The height at which an edge crosses a column: where dagre put its bend there, if no node is at that height. */
function laneThrough(column: Column, hints: Point[]): number {
  const free = (y: number) => column.nodes.every((node) => y <= node.y || y >= node.y + node.height);
  const hint = hints.find((point) => point.x >= column.left && point.x <= column.right && free(point.y));
  return hint ? hint.y : column.top - LANE_MARGIN;
}

/** Level runs are straight; a change of height is an S-curve whose ends leave and arrive level. */
function pathThrough(points: Point[]): string {
  const [start, ...rest] = points as [Point, ...Point[]];
  let path = `M${start.x},${start.y}`;
  let previous = start;
  for (const point of rest) {
    if (point.y === previous.y) path += ` L${point.x},${point.y}`;
    else {
      const bend = (previous.x + point.x) / 2;
      path += ` C${bend},${previous.y} ${bend},${point.y} ${point.x},${point.y}`;
    }
    previous = point;
  }
  return path;
}
