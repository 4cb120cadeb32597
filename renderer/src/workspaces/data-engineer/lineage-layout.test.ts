import { describe, expect, it } from 'vitest';
import type { LineageGraph, LineageNode } from '../../../../shared/contract/schemas.js';
import {
  fitLabel,
  type LineageLayout,
  layoutLineage,
  NODE_CHROME_WIDTH,
  NODE_MAX_WIDTH,
  NODE_MIN_WIDTH,
  type PlacedNode,
} from './lineage-layout.js';

interface Point {
  x: number;
  y: number;
}

const measureLabel = (text: string) => text.length * 7;
const measure = { label: measureLabel, subtitle: (text: string) => text.length * 6 };

const node = (kind: LineageNode['kind'], label: string, detail = ''): LineageNode => ({
  id: `${kind}:${label}`,
  kind,
  label,
  detail,
});
const link = (from: LineageNode, to: LineageNode) => ({ from: from.id, to: to.id });

/** The sample project as the lineage backend returns it, after the user adds a view and a training set of their own. */
function sampleGraph(): LineageGraph {
  const airportsCsv = node('file', 'airports.csv', '/data/airports.csv');
  const flightsFile = node('file', 'flights.ndjson', '/tmp/triad-sample-x/flights.ndjson');
  const airports = node('table', 'airports', '3,376 rows');
  const flights = node('table', 'flights', '20,000 rows');
  const labels = node('table', 'departure_labels', '2,000 rows');
  const daily = node('feature view', 'airport_daily_delays');
  const departures = node('feature view', 'airport_departures');
  const routes = node('feature view', 'route_distances');
  const service = node('feature service', 'delay_prediction');
  const sampleSet = node('training set', 'training_delay_prediction', '2,000 rows, snapshot 0123456789ab');
  const ownSet = node('training set', 'my_training_set', '2,000 rows, snapshot ba9876543210');
  return {
    nodes: [airports, flights, labels, airportsCsv, flightsFile, daily, departures, routes, service, sampleSet, ownSet],
    edges: [
      link(airportsCsv, airports),
      link(flightsFile, flights),
      link(flights, labels),
      link(flights, daily),
      link(flights, departures),
      link(flights, routes),
      link(daily, service),
      link(departures, service),
      link(service, sampleSet),
      link(labels, sampleSet),
      link(service, ownSet),
      link(labels, ownSet),
    ],
  };
}

/** Files whose names sort opposite to their tables', a table made from two others, and a 60-character name. */
function crossingBaitGraph(): LineageGraph {
  const longName = 'customer_orders_with_returns_and_refunds_by_region_2024_full';
  const files = ['a_orders.csv', 'b_customers.csv', 'c_returns.parquet', 'd_regions.arrow'].map((name) =>
    node('file', name),
  );
  const tables = ['z_orders', 'y_customers', 'x_returns', longName].map((name) => node('table', name));
  const joined = node('table', 'orders_enriched');
  const view = node('feature view', 'customer_spend');
  return {
    nodes: [...tables, joined, view, ...files].reverse(),
    edges: [
      ...files.map((file, index) => link(file, tables[index] as LineageNode)),
      link(tables[0] as LineageNode, joined),
      link(tables[1] as LineageNode, joined),
      link(tables[3] as LineageNode, joined),
      link(joined, view),
      link(tables[2] as LineageNode, view),
    ],
  };
}

/** The drawn path, as straight pieces: lines as they are, cubic curves sampled finely. */
function polyline(path: string): Point[] {
  const numbers = (text: string) => text.split(/[ ,]+/).filter(Boolean).map(Number);
  const points: Point[] = [];
  for (const [, command, args] of path.matchAll(/([MLC])([^MLC]*)/g)) {
    const values = numbers(args ?? '');
    if (command === 'M' || command === 'L') points.push({ x: values[0] as number, y: values[1] as number });
    else {
      const [x1, y1, x2, y2, x, y] = values as [number, number, number, number, number, number];
      const from = points.at(-1) as Point;
      for (let step = 1; step <= 40; step += 1) {
        const t = step / 40;
        const u = 1 - t;
        points.push({
          x: u ** 3 * from.x + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t ** 3 * x,
          y: u ** 3 * from.y + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t ** 3 * y,
        });
      }
    }
  }
  return points;
}

/** Whether the segment a-b enters the inside of the box (touching its border does not count). */
function segmentEntersBox(a: Point, b: Point, box: PlacedNode): boolean {
  const inset = 0.5;
  const [left, right, top, bottom] = [
    box.x + inset,
    box.x + box.width - inset,
    box.y + inset,
    box.y + box.height - inset,
  ];
  let enter = 0;
  let leave = 1;
  const clip = (denominator: number, numerator: number) => {
    if (denominator === 0) return numerator >= 0;
    const t = numerator / denominator;
    if (denominator < 0) enter = Math.max(enter, t);
    else leave = Math.min(leave, t);
    return true;
  };
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const inside = clip(-dx, a.x - left) && clip(dx, right - a.x) && clip(-dy, a.y - top) && clip(dy, bottom - a.y);
  return inside && enter < leave;
}

/** Whether two segments cross or touch. */
function segmentsMeet(a: Point, b: Point, c: Point, d: Point): boolean {
  const side = (p: Point, q: Point, r: Point) => Math.sign((q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x));
  const within = (p: Point, q: Point, r: Point) =>
    Math.min(p.x, q.x) <= r.x && r.x <= Math.max(p.x, q.x) && Math.min(p.y, q.y) <= r.y && r.y <= Math.max(p.y, q.y);
  const [abc, abd, cda, cdb] = [side(a, b, c), side(a, b, d), side(c, d, a), side(c, d, b)];
  if (abc * abd < 0 && cda * cdb < 0) return true;
  return (
    (abc === 0 && within(a, b, c)) ||
    (abd === 0 && within(a, b, d)) ||
    (cda === 0 && within(c, d, a)) ||
    (cdb === 0 && within(c, d, b))
  );
}

const pairs = <T>(items: T[]) =>
  items.flatMap((first, index) => items.slice(index + 1).map((second) => [first, second] as const));

function nodesCrossedByEdges(result: LineageLayout): string[] {
  return result.edges.flatMap((edge) => {
    const points = polyline(edge.path);
    return result.nodes
      .filter((box) => box.node.id !== edge.from && box.node.id !== edge.to)
      .filter((box) => points.slice(1).some((point, index) => segmentEntersBox(points[index] as Point, point, box)))
      .map((box) => `${edge.from} → ${edge.to} runs through ${box.node.id}`);
  });
}

function crossingFileEdges(result: LineageLayout): string[] {
  const fileEdges = result.edges.filter((edge) => edge.from.startsWith('file:'));
  return pairs(fileEdges)
    .filter(([first, second]) => first.from !== second.from && first.to !== second.to)
    .filter(([first, second]) => {
      const a = polyline(first.path);
      const b = polyline(second.path);
      return a
        .slice(1)
        .some((end, i) => b.slice(1).some((other, j) => segmentsMeet(a[i] as Point, end, b[j] as Point, other)));
    })
    .map(([first, second]) => `${first.from} → ${first.to} crosses ${second.from} → ${second.to}`);
}

/** A project grown at random but reproducibly: files into tables, tables into tables, views, services and training sets. */
function randomProjectGraph(seed: number): LineageGraph {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)] as T;
  const name = (prefix: string, index: number) => `${prefix}_${index}_${'x'.repeat(Math.floor(random() * 30))}`;
  const tables = Array.from({ length: 4 + Math.floor(random() * 5) }, (_, index) => node('table', name('t', index)));
  const files = tables.slice(0, 3).map((_, index) => node('file', name('f', index)));
  const views = Array.from({ length: 2 + Math.floor(random() * 4) }, (_, index) =>
    node('feature view', name('v', index)),
  );
  const services = Array.from({ length: 1 + Math.floor(random() * 2) }, (_, index) =>
    node('feature service', name('s', index)),
  );
  const sets = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, index) =>
    node('training set', name('ts', index)),
  );
  const edges = new Map<string, { from: string; to: string }>();
  const add = (from: LineageNode, to: LineageNode) => {
    edges.set(`${from.id}>${to.id}`, link(from, to));
  };
  for (const [index, file] of files.entries()) add(file, tables[index] as LineageNode);
  for (const [index, table] of tables.entries()) if (index >= 3) add(pick(tables.slice(0, index)), table);
  for (const view of views) {
    add(pick(tables), view);
    if (random() < 0.4) add(pick(tables), view);
  }
  for (const service of services) for (const view of views) if (random() < 0.6) add(view, service);
  for (const set of sets) {
    add(pick(services), set);
    add(pick(tables), set);
  }
  return { nodes: [...files, ...tables, ...views, ...services, ...sets], edges: [...edges.values()] };
}

const LAYOUT_CASES: [string, () => LineageGraph][] = [
  ['the sample project', sampleGraph],
  ['files named against their tables’ order', crossingBaitGraph],
  ...[1, 2, 3, 4, 5, 6].map((seed): [string, () => LineageGraph] => [
    `a random project (seed ${seed})`,
    () => randomProjectGraph(seed),
  ]),
];

describe.each(LAYOUT_CASES)('the lineage layout of %s', (_name, graph) => {
  const result = layoutLineage(graph(), measure);
  const byId = new Map(result.nodes.map((placed) => [placed.node.id, placed]));

  it('places every node, none overlapping another', () => {
    expect(result.nodes).toHaveLength(graph().nodes.length);
    for (const [a, b] of pairs(result.nodes)) {
      const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      expect(apart, `${a.node.id} overlaps ${b.node.id}`).toBe(true);
    }
  });

  it('lays the flow out left to right: every edge leaves its source’s right side for its target’s left side', () => {
    expect(result.edges).toHaveLength(graph().edges.length);
    for (const edge of result.edges) {
      const source = byId.get(edge.from) as PlacedNode;
      const target = byId.get(edge.to) as PlacedNode;
      expect(source.x + source.width).toBeLessThan(target.x);
      const points = polyline(edge.path);
      expect(points[0]).toEqual({ x: source.x + source.width, y: source.y + source.height / 2 });
      expect(points.at(-1)).toEqual({ x: target.x, y: target.y + target.height / 2 });
    }
  });

  it('lists the nodes in reading order: column by column, top to bottom', () => {
    const centres = result.nodes.map((placed) => placed.x + placed.width / 2);
    expect(centres).toEqual([...centres].sort((a, b) => a - b));
    for (const [above, below] of result.nodes.slice(1).map((placed, index) => [result.nodes[index], placed] as const))
      if (above && above.x + above.width / 2 === below.x + below.width / 2) expect(above.y).toBeLessThan(below.y);
  });

  it('routes no edge through a node other than its two ends', () => {
    expect(nodesCrossedByEdges(result)).toEqual([]);
  });

  it('keeps the edges from files to tables from crossing', () => {
    expect(crossingFileEdges(result)).toEqual([]);
  });
});

describe('a cycle (two tables each made from the other)', () => {
  const a = node('table', 'a');
  const b = node('table', 'b');
  const between = node('feature view', 'between');
  const result = layoutLineage(
    { nodes: [a, b, between], edges: [link(a, between), link(between, b), link(b, a)] },
    measure,
  );

  it('draws the edge against the flow from its source’s left side to its target’s right side', () => {
    const back = result.edges.find((edge) => edge.from === b.id) as LineageLayout['edges'][number];
    const source = result.nodes.find((placed) => placed.node.id === b.id) as PlacedNode;
    const target = result.nodes.find((placed) => placed.node.id === a.id) as PlacedNode;
    const points = polyline(back.path);
    expect(points[0]).toEqual({ x: source.x, y: source.y + source.height / 2 });
    expect(points.at(-1)).toEqual({ x: target.x + target.width, y: target.y + target.height / 2 });
  });

  it('routes no edge through a node other than its two ends', () => {
    expect(nodesCrossedByEdges(result)).toEqual([]);
  });
});

describe('node sizes and labels', () => {
  const long = 'customer_orders_with_returns_and_refunds_by_region_2024_full';
  const result = layoutLineage(
    { nodes: [node('table', long), node('table', 't'), node('table', 'a_medium_length_name')], edges: [] },
    measure,
  );
  const placed = (label: string) => result.nodes.find((entry) => entry.node.label === label) as PlacedNode;

  it('sizes a node to its label, within a minimum and a maximum width', () => {
    expect(placed('t').width).toBe(NODE_MIN_WIDTH);
    expect(placed('a_medium_length_name').width).toBe(measureLabel('a_medium_length_name') + NODE_CHROME_WIDTH);
    expect(placed(long).width).toBe(NODE_MAX_WIDTH);
  });

  it('widens a node to its subtitle when that is longer than its name', () => {
    const sized = layoutLineage({ nodes: [node('table', 'flights', '20,000 rows')], edges: [] }, measure).nodes[0];
    expect(sized?.width).toBe('Table · 20,000 rows'.length * 6 + NODE_CHROME_WIDTH);
  });

  it('cuts a label too long for the widest node with an ellipsis, and keeps the node’s full name', () => {
    const cut = placed(long);
    expect(cut.shownLabel).toMatch(/^customer_orders_with_.*…$/);
    expect(measureLabel(cut.shownLabel)).toBeLessThanOrEqual(NODE_MAX_WIDTH - NODE_CHROME_WIDTH);
    expect(cut.node.label).toBe(long);
    expect(placed('a_medium_length_name').shownLabel).toBe('a_medium_length_name');
  });
});

describe('fitLabel', () => {
  it('keeps a label that fits', () => {
    expect(fitLabel('flights', 49, measureLabel)).toBe('flights');
  });

  it('keeps the longest start that fits with the ellipsis', () => {
    expect(fitLabel('abcdefghij', 35, measureLabel)).toBe('abcd…');
  });

  it('does not leave a space before the ellipsis', () => {
    expect(fitLabel('ab cdefgh', 28, measureLabel)).toBe('ab…');
  });
});
