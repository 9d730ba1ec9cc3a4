/**
 * Pointer gestures on clips: drag (reorder on V1, move freely on V2/A1, between tracks of the same
 * kind) and trim handles. Movements under 5 px are clicks (FEATURES §6). Each pointermove sends the
 * TOTAL offset since pointerdown with one gesture key, so the track slice recomputes from the
 * gesture's start and history keeps ONE entry, closed by `endGesture()` on pointerup. Listeners sit
 * on window, not on the clip, because a clip re-renders (or scrolls out of view) mid-drag.
 */
import { createSignal, onCleanup, type Accessor } from "solid-js";
import { unwrap } from "solid-js/store";
import type { TrackId } from "@milimo/shared/schema";
import {
  DRAG_THRESHOLD_PX,
  collectSnapTargets,
  itemDurationFrames,
  snapItemRange,
  snapToNearest,
  trackKindOf,
  type SnapTarget,
  type TrimEdge,
} from "@milimo/shared/timeline";
import type { StudioActions, StudioState } from "../../store/create-studio-store";
import type { TimelineSelectors } from "../../store/selectors";

/** Where the dragged clip is drawn while a V1 drag is in progress (it follows the pointer). */
export interface DragGhost {
  itemId: string;
  track: TrackId;
  startFrame: number;
}

export interface ClipGestureOptions {
  state: StudioState;
  actions: StudioActions;
  selectors: TimelineSelectors;
  /** CSS pixels per frame at the current zoom. */
  pxPerFrame: Accessor<number>;
  /** The lane element of each track, to find the track under the pointer. */
  laneOf: (track: TrackId) => HTMLElement | undefined;
  /** Script time of each pointermove handled, for the studio benchmark. */
  onMeasure?: (ms: number) => void;
}

type Gesture = {
  kind: "drag" | "trim";
  itemId: string;
  edge: TrimEdge;
  pointerId: number;
  startX: number;
  startY: number;
  originTrack: TrackId;
  originStart: number;
  originEnd: number;
  targets: SnapTarget[];
  key: string;
  active: boolean;
  additive: boolean;
};

let gestureCounter = 0;

/** Pointer handlers for clips plus the ghost of a V1 drag; disposes its listeners with the owner. */
export function createClipGestures(options: ClipGestureOptions) {
  const { state, actions, selectors } = options;
  const [ghost, setGhost] = createSignal<DragGhost | null>(null);
  let gesture: Gesture | null = null;

  function trackUnder(clientY: number, from: TrackId): TrackId {
    for (const track of ["V1", "V2", "A1"] as const) {
      const rect = options.laneOf(track)?.getBoundingClientRect();
      if (rect && clientY >= rect.top && clientY < rect.bottom) {
        return trackKindOf(track) === trackKindOf(from) ? track : from;
      }
    }
    return from;
  }

  function onMove(event: PointerEvent): void {
    const g = gesture;
    if (!g || event.pointerId !== g.pointerId) return;
    const dx = event.clientX - g.startX;
    const dy = event.clientY - g.startY;
    if (!g.active) {
      if (Math.hypot(dx, dy) < DRAG_THRESHOLD_PX) return;
      g.active = true;
    }
    event.preventDefault();
    const t0 = performance.now();
    const fps = selectors.fps();
    const pxPerSecond = state.playback.pxPerSecond;
    const deltaFrames = Math.round(dx / options.pxPerFrame());
    if (g.kind === "trim") {
      const edgeFrame = (g.edge === "in" ? g.originStart : g.originEnd) + deltaFrames;
      // A V1 clip's start is derived, so only its out edge (and free clips' edges) can snap.
      const canSnap = g.edge === "out" || g.originTrack !== "V1";
      const snap = canSnap
        ? snapToNearest({ frame: edgeFrame, targets: g.targets, pxPerSecond, fps })
        : { frame: edgeFrame, target: null };
      actions.playback.setSnapGuide(snap.target ? snap.frame : null);
      actions.track.trim({
        itemId: g.itemId,
        edge: g.edge,
        deltaFrames: snap.frame - (g.edge === "in" ? g.originStart : g.originEnd),
        gestureKey: g.key,
      });
    } else {
      const track = trackUnder(event.clientY, g.originTrack);
      const snap = snapItemRange({
        startFrame: Math.max(0, g.originStart + deltaFrames),
        durationFrames: g.originEnd - g.originStart,
        targets: g.targets,
        pxPerSecond,
        fps,
      });
      actions.playback.setSnapGuide(snap.target ? snap.frame : null);
      const startFrame = Math.max(0, snap.startFrame);
      actions.track.move({ itemId: g.itemId, track, startFrame, gestureKey: g.key });
      setGhost(track === "V1" ? { itemId: g.itemId, track, startFrame } : null);
    }
    options.onMeasure?.(performance.now() - t0);
  }

  function onUp(event: PointerEvent): void {
    const g = gesture;
    if (!g || event.pointerId !== g.pointerId) return;
    finish();
    if (g.active) return;
    // A click (under 5 px): select, toggling with Shift/Ctrl/Cmd.
    actions.track.select({ itemIds: [g.itemId], additive: g.additive });
  }

  function finish(): void {
    window.removeEventListener("pointermove", onMove);
    window.removeEventListener("pointerup", onUp);
    window.removeEventListener("pointercancel", onUp);
    if (gesture?.active) actions.track.endGesture();
    gesture = null;
    setGhost(null);
    actions.playback.setSnapGuide(null);
  }

  function begin(event: PointerEvent, itemId: string, kind: Gesture["kind"], edge: TrimEdge): void {
    if (event.button !== 0 || gesture) return;
    const placement = selectors.placementById().get(itemId);
    if (!placement) return;
    event.stopPropagation();
    event.preventDefault();
    const additive = event.shiftKey || event.ctrlKey || event.metaKey;
    if (!additive && !state.playback.selection.includes(itemId)) {
      actions.track.select({ itemIds: [itemId] });
    }
    const locked = state.tracks.timeline.tracks.some(
      t => t.id === placement.item.track && t.locked,
    );
    if (locked) {
      // A locked track refuses every edit; the press is only a selection.
      if (additive) actions.track.select({ itemIds: [itemId], additive });
      return;
    }
    gestureCounter += 1;
    gesture = {
      kind,
      itemId,
      edge,
      pointerId: event.pointerId,
      startX: event.clientX,
      startY: event.clientY,
      originTrack: placement.item.track,
      originStart: placement.startFrame,
      originEnd: placement.startFrame + itemDurationFrames(placement.item),
      targets: collectSnapTargets({
        timeline: unwrap(state.tracks.timeline),
        playheadFrame: state.playback.frame,
        excludeId: itemId,
      }),
      key: `${kind}:${itemId}:${gestureCounter}`,
      active: false,
      additive,
    };
    window.addEventListener("pointermove", onMove);
    window.addEventListener("pointerup", onUp);
    window.addEventListener("pointercancel", onUp);
  }

  onCleanup(finish);

  return {
    ghost,
    /** pointerdown on a clip body: starts a drag (or a click). */
    onClipPointerDown: (event: PointerEvent, itemId: string) => begin(event, itemId, "drag", "in"),
    /** pointerdown on a trim handle. */
    onTrimPointerDown: (event: PointerEvent, itemId: string, edge: TrimEdge) =>
      begin(event, itemId, "trim", edge),
  };
}
