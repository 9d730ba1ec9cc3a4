/**
 * What every slice's `create<Name>Actions(ctx)` receives. `setState` is the store's setter wrapped
 * so that writes to document slices are seen by history (undo snapshots) and autosave (dirty set);
 * components never get it (STYLE §4).
 */
import type { SetStoreFunction } from "solid-js/store";
import type { StudioDeps, StudioState } from "./create-studio-store";
import type { DocumentHistory } from "./history";

export interface SliceContext {
  state: StudioState;
  setState: SetStoreFunction<StudioState>;
  deps: StudioDeps;
  history: DocumentHistory;
}
