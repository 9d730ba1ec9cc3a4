/**
 * Timeline benchmark: per-operation time on a 1,000-clip V1 timeline (plus 100 overlay and audio
 * clips for snapping and playback lookups). Each figure is the median and p95 over many runs after
 * a warm-up; the target is <= 1 ms per operation so a drag stays at frame rate.
 * Prints `<metric> <value> <unit>` lines and writes them to bench/results/timeline.json.
 * Run: npx tsx scripts/bench-timeline.ts
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { makeTimeline, makeTimelineItem, type Timeline } from "@milimo/shared/schema";
import {
  collectSnapTargets,
  computeV1Layout,
  itemsAtFrame,
  reorderV1Item,
  moveItem,
  snapToNearest,
  splitItemAt,
  trimTimelineItem,
} from "@milimo/shared/timeline";

const V1_CLIPS = 1000;
const FREE_CLIPS = 100;
const FPS = 25;
const WARMUP_RUNS = 300;
const MEASURED_RUNS = 3000;
const TARGET_MS = 1;

// Deterministic LCG so runs are comparable between machines and commits.
let seed = 42;
function randomInt(maxExclusive: number): number {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed % maxExclusive;
}

function makeBenchTimeline(): Timeline {
  const items = [];
  for (let k = 0; k < V1_CLIPS; k += 1) {
    items.push(
      makeTimelineItem({
        id: `v1-${k}`,
        mediaId: `media-${k}`,
        sourceFrames: 25 + randomInt(200),
        trimIn: randomInt(10),
        trimOut: randomInt(10),
      }),
    );
  }
  const v1End = computeV1Layout(items).endFrame;
  for (let k = 0; k < FREE_CLIPS; k += 1) {
    items.push(
      makeTimelineItem({
        id: `free-${k}`,
        track: k % 2 === 0 ? "V2" : "A1",
        mediaId: `free-media-${k}`,
        sourceFrames: 50 + randomInt(300),
        startFrame: randomInt(v1End),
      }),
    );
  }
  return makeTimeline({ items, markers: [100, 5000, 20000] });
}

/** Times `op` (given a fresh random input from `prepare`) and returns median and p95 in ms. */
function measure<T>(prepare: () => T, op: (input: T) => unknown): { median: number; p95: number } {
  let sink = 0;
  for (let k = 0; k < WARMUP_RUNS; k += 1) if (op(prepare())) sink += 1;
  const times: number[] = [];
  for (let k = 0; k < MEASURED_RUNS; k += 1) {
    const input = prepare();
    const t0 = performance.now();
    const out = op(input);
    times.push(performance.now() - t0);
    if (out) sink += 1;
  }
  if (sink < 0) console.log(sink); // keeps results observable so the JIT cannot drop the work
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN;
  return { median: at(0.5), p95: at(0.95) };
}

const timeline = makeBenchTimeline();
const layout = computeV1Layout(timeline.items);
const duration = layout.endFrame;
const pickV1 = () => layout.placements[randomInt(V1_CLIPS)]!;
const targets = collectSnapTargets({ timeline, playheadFrame: 1234, layout });

const figures: Record<string, number> = {};
const cases: [string, () => { median: number; p95: number }][] = [
  [
    "layout",
    () =>
      measure(
        () => timeline.items,
        items => computeV1Layout(items),
      ),
  ],
  [
    "trim",
    () =>
      measure(
        () => ({ itemId: pickV1().item.id, deltaFrames: randomInt(21) - 10 }),
        ({ itemId, deltaFrames }) =>
          trimTimelineItem({ timeline, itemId, edge: deltaFrames % 2 ? "in" : "out", deltaFrames }),
      ),
  ],
  [
    "move",
    () =>
      measure(
        () => ({ itemId: pickV1().item.id, toIndex: randomInt(V1_CLIPS) }),
        ({ itemId, toIndex }) => reorderV1Item({ timeline, itemId, toIndex }),
      ),
  ],
  [
    "move_free",
    () =>
      measure(
        () => ({ itemId: `free-${randomInt(FREE_CLIPS)}`, startFrame: randomInt(duration) }),
        ({ itemId, startFrame }) => moveItem({ timeline, itemId, startFrame }),
      ),
  ],
  [
    "split",
    () =>
      measure(
        () => {
          const p = pickV1();
          const frame = p.startFrame + 1 + randomInt(Math.max(1, p.endFrame - p.startFrame - 1));
          return { itemId: p.item.id, frame };
        },
        ({ itemId, frame }) => splitItemAt({ timeline, itemId, frame, newId: "bench-split" }),
      ),
  ],
  [
    "snap",
    () =>
      measure(
        () => randomInt(duration),
        frame => snapToNearest({ frame, targets, pxPerSecond: 20, fps: FPS }),
      ),
  ],
  [
    "snap_targets",
    () =>
      measure(
        () => pickV1().item.id,
        excludeId => collectSnapTargets({ timeline, playheadFrame: 1234, excludeId, layout }),
      ),
  ],
  [
    "items_at_frame",
    () =>
      measure(
        () => randomInt(duration),
        frame => itemsAtFrame({ timeline, frame, layout }),
      ),
  ],
];

const round = (ms: number) => Number(ms.toPrecision(3));
for (const [name, run] of cases) {
  const { median, p95 } = run();
  figures[`timeline_${name}_1000_median_ms`] = round(median);
  figures[`timeline_${name}_1000_p95_ms`] = round(p95);
}

for (const [metric, value] of Object.entries(figures)) {
  console.log(`${metric} ${value} ms`);
  if (value > TARGET_MS) console.error(`warning: ${metric} is over the ${TARGET_MS} ms target`);
}

const dir = new URL("../bench/results/", import.meta.url);
mkdirSync(dir, { recursive: true });
writeFileSync(new URL("timeline.json", dir), `${JSON.stringify(figures, null, 2)}\n`);
