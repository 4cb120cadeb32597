import '@xyflow/react/dist/style.css';
import {
  Controls,
  type Edge,
  Handle,
  MarkerType,
  type Node,
  type NodeProps,
  Position,
  ReactFlow,
  useReactFlow,
  useStore,
} from '@xyflow/react';
import {
  Boxes,
  Database,
  FileInput,
  FlaskConical,
  GitFork,
  Layers,
  type LucideIcon,
  Rows3,
  ScrollText,
  Sparkles,
  Tag,
  Terminal,
} from 'lucide-react';
import { useEffect, useMemo } from 'react';
import type { PipelineOutline, StepRun } from '../../../shared/contract/pipeline-runs.js';
import { jobProgressFraction } from '../../../shared/job-progress.js';
import { ProgressBar } from '../components/ProgressBar.js';
import { useJobsList } from '../jobs/job-queries.js';
import { layoutPipeline, type PlacedStep, STEP_NODE_HEIGHT, STEP_NODE_WIDTH } from './pipeline-layout.js';
import { stepStateText } from './run-text.js';

const KIND_ICONS: Record<string, LucideIcon> = {
  ingest: FileInput,
  sql: Database,
  materialize: Layers,
  training_set: Rows3,
  split: GitFork,
  train: Sparkles,
  evaluate: FlaskConical,
  register: Tag,
  predict: ScrollText,
  command: Terminal,
};
const EDGE_COLOR = '#94a3b8';

type StepFlowNode = Node<{ placed: PlacedStep; run: StepRun | undefined; selected: boolean }, 'step'>;

/** A running step's progress, as its job reports it (moving when the job does not know how far it is). */
function StepProgress({ jobId, name }: { jobId: string | null; name: string }) {
  const job = useJobsList().data?.find((candidate) => candidate.id === jobId);
  const fraction = jobProgressFraction(job?.progress ?? null);
  return <ProgressBar label={`Progress of ${name}`} fraction={fraction ?? 1} busy={fraction === null} />;
}

function StepNode({ data: { placed, run, selected } }: NodeProps<StepFlowNode>) {
  const Icon = KIND_ICONS[placed.kind] ?? Boxes;
  const state = run?.state ?? 'not run';
  return (
    <>
      <Handle type="target" position={Position.Top} isConnectable={false} className="step-node__handle" />
      <button
        type="button"
        className={`graph-node step-node step-node--${state.replace(' ', '-')}${selected ? ' step-node--selected' : ''}`}
        aria-label={`Step ${placed.name}, ${placed.kind}: ${state}`}
        aria-pressed={selected}
        style={{ width: STEP_NODE_WIDTH, height: STEP_NODE_HEIGHT }}
      >
        <Icon size={16} aria-hidden className="step-node__icon" />
        <span className="step-node__text">
          <span className="step-node__name">{placed.name}</span>
          <span className="step-node__state">{run ? stepStateText(run) : `${placed.kind} · not run`}</span>
          {run?.state === 'running' ? <StepProgress jobId={run.jobId} name={placed.name} /> : null}
        </span>
      </button>
      <Handle type="source" position={Position.Bottom} isConnectable={false} className="step-node__handle" />
    </>
  );
}

const NODE_TYPES = { step: StepNode };

/** Fits the graph again when its steps or the view's size change. */
function FitOnChange({ count }: { count: number }) {
  const width = useStore((state) => state.width);
  const height = useStore((state) => state.height);
  const { fitView } = useReactFlow();
  useEffect(() => {
    if (width > 0 && height > 0 && count > 0) void fitView({ padding: 0.12, maxZoom: 1 });
  }, [count, width, height, fitView]);
  return null;
}

/** The pipeline's steps as a graph, each coloured by its state in the run shown; a click opens a step. */
export function PipelineGraph({
  outline,
  steps,
  selected,
  onSelect,
}: {
  outline: PipelineOutline;
  steps: readonly StepRun[];
  selected: string | null;
  onSelect(step: string): void;
}) {
  const placed = useMemo(() => layoutPipeline(outline.steps), [outline.steps]);
  const nodes = placed.map(
    (step): StepFlowNode => ({
      id: step.name,
      type: 'step',
      position: { x: step.x, y: step.y },
      width: STEP_NODE_WIDTH,
      height: STEP_NODE_HEIGHT,
      data: { placed: step, run: steps.find((run) => run.step === step.name), selected: step.name === selected },
    }),
  );
  const edges = outline.steps.flatMap((step) =>
    step.waitsFor.map(
      (waited): Edge => ({
        id: `${waited}→${step.name}`,
        source: waited,
        target: step.name,
        animated: steps.find((run) => run.step === step.name)?.state === 'running',
        style: { stroke: EDGE_COLOR },
        markerEnd: { type: MarkerType.ArrowClosed, width: 14, height: 14, color: EDGE_COLOR },
      }),
    ),
  );
  return (
    <figure className="pipeline-graph" aria-label={`Pipeline graph: ${outline.steps.length} steps`}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        onNodeClick={(_event, node) => onSelect(node.id)}
        nodesDraggable={false}
        nodesConnectable={false}
        minZoom={0.3}
        maxZoom={1.5}
        proOptions={{ hideAttribution: true }}
      >
        <Controls showInteractive={false} />
        <FitOnChange count={placed.length} />
      </ReactFlow>
    </figure>
  );
}
